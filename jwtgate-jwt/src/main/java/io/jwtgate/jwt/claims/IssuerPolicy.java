package io.jwtgate.jwt.claims;

import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.token.TokenRejected;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The verified {@code iss} against the {@code issuer} options (extension, issue 17): with a top-level
 * {@code issuer}, {@code iss} must match it; whenever {@code iss} matches a multi-tenant template
 * (top-level or of a {@code trustedIssuers} entry), the tenant it names must be in that rule's
 * {@code allowedTenants} (when set) and the token's {@code tid} must name the same tenant. Runs after
 * the signature (the claims are the issuer's) and on every use of a cached verification.
 */
public final class IssuerPolicy {

    /** One issuer (exact or template) and its tenants, lower-cased; null: any tenant. */
    public record Rule(IssuerTemplate issuer, Set<String> allowedTenants) {
        public Rule {
            allowedTenants = allowedTenants == null ? null
                    : allowedTenants.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        }
    }

    private final List<Rule> rules;
    private final boolean issRequired;

    /** @param issRequired true for a top-level {@code issuer}: an {@code iss} matching no rule is refused */
    public IssuerPolicy(List<Rule> rules, boolean issRequired) {
        this.rules = List.copyOf(rules);
        this.issRequired = issRequired;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    public void check(JsonValue.JsonObject claims) throws TokenRejected {
        String iss = claims.string("iss");
        for (Rule rule : rules) {
            String tenant = rule.issuer().match(iss);
            if (tenant == null) {
                continue;
            }
            if (rule.issuer().isTemplate()) {
                if (rule.allowedTenants() != null && !rule.allowedTenants().contains(tenant.toLowerCase(Locale.ROOT))) {
                    throw new TokenRejected(DenyReason.TENANT_NOT_ALLOWED, "tenant " + tenant + " of iss is not in allowedTenants");
                }
                String tid = claims.string("tid");
                if (tid == null || !tid.equals(tenant)) {
                    throw new TokenRejected(DenyReason.TENANT_MISMATCH, tid == null ? "token has no string tid claim"
                            : "tid " + printable(tid) + " is not the tenant " + tenant + " named by iss");
                }
            }
            return;
        }
        if (issRequired) {
            throw new TokenRejected(DenyReason.ISSUER_NOT_TRUSTED, iss == null ? "token has no string iss" : "iss does not match issuer");
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
