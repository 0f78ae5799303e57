package io.jwtgate.gateway.rule;

/**
 * Which of Traefik's two rule languages a router's rule is read with: {@code v3} (the default) or
 * {@code v2} (router {@code ruleSyntax: v2}, or static {@code core.defaultRuleSyntax: v2} for
 * routers that do not say). As in Traefik, a router value other than {@code v2} reads as v3.
 */
public enum RuleSyntax {
    V3, V2;

    /**
     * @param routerValue the router's {@code ruleSyntax} (null or empty when not written)
     * @param fallback    the static {@code core.defaultRuleSyntax}
     */
    public static RuleSyntax of(String routerValue, RuleSyntax fallback) {
        if (routerValue == null || routerValue.isEmpty()) {
            return fallback;
        }
        return routerValue.equals("v2") ? V2 : V3;
    }
}
