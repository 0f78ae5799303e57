package io.jwtgate.jwt;

import io.jwtgate.jwt.claims.ClaimsPolicy;
import io.jwtgate.jwt.claims.IssuerPolicy;
import io.jwtgate.jwt.claims.IssuerTemplate;
import io.jwtgate.jwt.config.ConfigException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code issuer} and {@code allowedTenants} options (extension, issue 17) turned into an
 * {@link IssuerPolicy}, and the warning for a multi-tenant key set left open to every tenant.
 */
final class TenantRules {

    /** Entra ID's key sets shared by every tenant: {@code /common/}, {@code /organizations/}, {@code /consumers/}. */
    private static final Set<String> MULTI_TENANT_SEGMENTS = Set.of("common", "organizations", "consumers");
    private static final Set<String> ENTRA_HOSTS = Set.of("login.microsoftonline.com", "login.microsoft.com", "login.windows.net");

    private TenantRules() {}

    static IssuerTemplate template(String path, String value) throws ConfigException {
        try {
            return IssuerTemplate.parse(value.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path, e.getMessage(),
                    "write the issuer exactly as in the tokens' iss, or a template such as https://login.microsoftonline.com/{tenantid}/v2.0");
        }
    }

    static IssuerPolicy policy(JwtConfig config) throws ConfigException {
        List<IssuerPolicy.Rule> rules = new ArrayList<>();
        boolean anyTemplate = false;
        if (config.issuer() != null) {
            if (config.trustedIssuers() != null || config.oidcIssuer() != null) {
                String other = config.trustedIssuers() != null ? "trustedIssuers" : "oidcIssuer";
                throw new ConfigException("issuer", "issuer cannot be combined with " + other + ", which already names the issuers",
                        config.trustedIssuers() != null ? "put the issuer (or template) in the trustedIssuers entries" : "remove issuer: oidcIssuer pins iss");
            }
            IssuerTemplate t = template("issuer", config.issuer());
            anyTemplate = t.isTemplate();
            rules.add(new IssuerPolicy.Rule(t, tenantSet(config.allowedTenants())));
        }
        if (config.trustedIssuers() != null) {
            int exact = 0;
            for (int i = 0; i < config.trustedIssuers().size(); i++) {
                JwtConfig.TrustedIssuer e = config.trustedIssuers().get(i);
                String path = "trustedIssuers[" + i + "]";
                if (e.issuer() == null) {
                    if (e.allowedTenants() != null) {
                        throw new ConfigException(path + ".allowedTenants", "allowedTenants needs an issuer template in the same entry",
                                "add issuer: https://login.microsoftonline.com/{tenantid}/v2.0 to this entry");
                    }
                    continue;
                }
                IssuerTemplate t = template(path + ".issuer", e.issuer());
                if (!t.isTemplate()) {
                    if (e.allowedTenants() != null) {
                        throw new ConfigException(path + ".allowedTenants", "allowedTenants only applies to an issuer template with {tenantid}",
                                "write the issuer as a template, or remove allowedTenants from this entry");
                    }
                    // First, as in key selection: an exact entry wins over a template that also matches its iss.
                    rules.add(exact++, new IssuerPolicy.Rule(t, null));
                    continue;
                }
                anyTemplate = true;
                List<String> tenants = e.allowedTenants() != null ? e.allowedTenants() : config.allowedTenants();
                rules.add(new IssuerPolicy.Rule(t, tenantSet(tenants)));
            }
            if (!anyTemplate) {
                rules.clear(); // exact entries only: key selection already did all there is to do
            }
        }
        if (config.allowedTenants() != null && !anyTemplate) {
            throw new ConfigException("allowedTenants", "allowedTenants only applies to an issuer template with {tenantid}",
                    "add issuer: https://login.microsoftonline.com/{tenantid}/v2.0 (or a template in a trustedIssuers entry)");
        }
        return new IssuerPolicy(rules, config.issuer() != null);
    }

    private static Set<String> tenantSet(List<String> tenants) throws ConfigException {
        if (tenants == null) {
            return null;
        }
        for (int i = 0; i < tenants.size(); i++) {
            if (!IssuerTemplate.isTenantId(tenants.get(i))) {
                throw new ConfigException("allowedTenants[" + i + "]", "'" + tenants.get(i) + "' is not a tenant ID",
                        "give tenant IDs (GUIDs, letters, digits, '-', '_', '.'), e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47");
            }
        }
        return new HashSet<>(tenants);
    }

    /**
     * Warns when a key set shared by every Entra tenant is used with nothing restricting issuer, tenant or
     * audience: any Entra user of any organisation would get in (the guide's second example).
     */
    static void warnOpenMultiTenant(JwtConfig config, ClaimsPolicy claims, List<String> warnings) {
        boolean restricted = !config.audiences().isEmpty() || (claims != null && claims.pinnedIssuers() != null);
        if (restricted) {
            return;
        }
        List<String> open = new ArrayList<>();
        if (config.jwksUrl() != null && isMultiTenant(config.jwksUrl())) {
            IssuerTemplate t = config.issuer() == null ? null : IssuerTemplate.parse(config.issuer().strip());
            if (t == null || (t.isTemplate() && config.allowedTenants() == null)) {
                open.add("jwksUrl " + config.jwksUrl());
            }
        }
        if (config.trustedIssuers() != null) {
            for (int i = 0; i < config.trustedIssuers().size(); i++) {
                JwtConfig.TrustedIssuer e = config.trustedIssuers().get(i);
                if (e.jwksUrl() == null || !isMultiTenant(e.jwksUrl())) {
                    continue;
                }
                IssuerTemplate t = e.issuer() == null ? null : IssuerTemplate.parse(e.issuer().strip());
                if (t == null || (t.isTemplate() && e.allowedTenants() == null && config.allowedTenants() == null)) {
                    open.add("trustedIssuers[" + i + "].jwksUrl " + e.jwksUrl());
                }
            }
        }
        for (String where : open) {
            warnings.add(where + " is Entra ID's multi-tenant key set: its keys sign tokens of every Entra tenant, so with no issuer, "
                    + "tenant or audience restriction any Entra user of any organisation is let in; add issuer: "
                    + "https://login.microsoftonline.com/<your tenant ID>/v2.0 (one tenant), or issuer: https://login.microsoftonline.com/{tenantid}/v2.0 "
                    + "with allowedTenants: [<tenant ID>, ...], and audiences: [<your application ID URI or client ID>]");
        }
    }

    /** An Entra ID key-set URL of {@code common}, {@code organizations} or {@code consumers}. */
    static boolean isMultiTenant(String url) {
        try {
            URI uri = new URI(url.strip());
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            String path = uri.getPath() == null ? "" : uri.getPath();
            String[] segments = path.split("/");
            return ENTRA_HOSTS.contains(host) && segments.length > 1 && MULTI_TENANT_SEGMENTS.contains(segments[1].toLowerCase(Locale.ROOT));
        } catch (Exception e) {
            return false;
        }
    }
}
