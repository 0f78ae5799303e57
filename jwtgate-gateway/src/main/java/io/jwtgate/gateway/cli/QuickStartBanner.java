package io.jwtgate.gateway.cli;

import io.jwtgate.gateway.Gateway;
import io.jwtgate.gateway.config.statics.EntryPointConfig;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.demo.DemoTokens;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.middleware.jwt.JwtMiddleware;

/**
 * Prints what to try once the gateway is up, when it runs with the bundled demo backend: curl
 * lines for the open route and, when the demo's JWT middleware ({@code demo-jwt}) uses a literal
 * secret, a valid, an expired and a forbidden token for the protected route.
 */
final class QuickStartBanner {

    private QuickStartBanner() {}

    static void print(StaticConfig config, Gateway gateway) {
        if (config.demoBackend() == null) {
            return;
        }
        EntryPointConfig web = config.entryPoints().values().stream().filter(ep -> ep.redirect() == null && !ep.tls()).findFirst()
                .orElse(config.entryPoints().values().iterator().next());
        String base = (web.tls() ? "https" : "http") + "://localhost:" + gateway.port(web.name());
        String k = web.tls() ? "-k " : "";
        StringBuilder b = new StringBuilder("\njwtgate is running. Try:\n\n");
        b.append("  curl ").append(k).append(base).append("/whoami                      # open route: the echo backend shows what it received\n");
        String secret = demoSecret(gateway);
        if (secret != null) {
            b.append("\n  # /api is protected by the JWT middleware demo-jwt (claims: Equals(`grp`, `admin`)):\n");
            b.append("  curl -i ").append(k).append(base).append("/api                          # no token: 401\n");
            b.append("  curl ").append(k).append("-H 'Authorization: Bearer ").append(DemoTokens.valid(secret)).append("' ")
                    .append(base).append("/api      # valid: 200, see X-User and X-Group\n");
            b.append("  curl -i ").append(k).append("-H 'Authorization: Bearer ").append(DemoTokens.expired(secret)).append("' ")
                    .append(base).append("/api   # expired: 401\n");
            b.append("  curl -i ").append(k).append("-H 'Authorization: Bearer ").append(DemoTokens.forbidden(secret)).append("' ")
                    .append(base).append("/api   # grp=dev: 403\n");
        }
        System.out.println(b);
    }

    private static String demoSecret(Gateway gateway) {
        for (Middleware m : gateway.runtime().middlewares().values()) {
            if (m instanceof JwtMiddleware jwt && jwt.name().equals("demo-jwt@file")) {
                String secret = jwt.authenticator().config().signingSecret();
                boolean literal = secret != null && !secret.matches("^(env|file|urn):.*")
                        && !jwt.authenticator().config().signingSecretBase64Encoded();
                return literal ? secret : null;
            }
        }
        return null;
    }
}
