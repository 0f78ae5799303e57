package io.jwtgate.jwt.claims;

import java.util.Locale;

/**
 * An {@code issuer} option: an exact issuer, or a multi-tenant template with one {@code {tenantid}}
 * placeholder ({@code https://login.microsoftonline.com/{tenantid}/v2.0}). The placeholder stands
 * for one tenant identifier: 1 to 64 characters of letters, digits, {@code -}, {@code _} and {@code .},
 * never a {@code /}, so a template can not match an issuer of another shape.
 */
public record IssuerTemplate(String text, String prefix, String suffix) {

    public static final String PLACEHOLDER = "{tenantid}";
    static final int MAX_TENANT_LENGTH = 64;

    /** @throws IllegalArgumentException for an empty value or several placeholders */
    public static IssuerTemplate parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("issuer is empty");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        int at = lower.indexOf(PLACEHOLDER);
        if (at < 0) {
            if (text.indexOf('{') >= 0 || text.indexOf('}') >= 0) {
                throw new IllegalArgumentException("the only placeholder an issuer may contain is {tenantid}");
            }
            return new IssuerTemplate(text, text, null);
        }
        String prefix = text.substring(0, at);
        String suffix = text.substring(at + PLACEHOLDER.length());
        if (suffix.indexOf('{') >= 0 || prefix.indexOf('{') >= 0 || suffix.indexOf('}') >= 0 || prefix.indexOf('}') >= 0) {
            throw new IllegalArgumentException("an issuer template contains exactly one {tenantid} and no other placeholder");
        }
        if (!prefix.regionMatches(true, 0, "https://", 0, 8) || prefix.length() <= 8 || prefix.indexOf('/', 8) < 0) {
            throw new IllegalArgumentException("{tenantid} must be a path segment of an https issuer, e.g. https://login.microsoftonline.com/{tenantid}/v2.0");
        }
        if (!prefix.endsWith("/") || !(suffix.isEmpty() || suffix.startsWith("/"))) {
            throw new IllegalArgumentException("{tenantid} must be a whole path segment (between two /)");
        }
        return new IssuerTemplate(text, prefix, suffix);
    }

    public boolean isTemplate() {
        return suffix != null;
    }

    /**
     * The tenant this issuer names: "" for an exact issuer that matches, the placeholder's value for a
     * template that matches, null when {@code iss} does not match.
     */
    public String match(String iss) {
        if (iss == null) {
            return null;
        }
        if (!isTemplate()) {
            return iss.equals(prefix) ? "" : null;
        }
        if (iss.length() <= prefix.length() + suffix.length() || !iss.startsWith(prefix) || !iss.endsWith(suffix)) {
            return null;
        }
        String tenant = iss.substring(prefix.length(), iss.length() - suffix.length());
        return isTenantId(tenant) ? tenant : null;
    }

    /** 1 to 64 of {@code [A-Za-z0-9._-]}: GUIDs and domain-style tenant names, never a path. */
    public static boolean isTenantId(String tenant) {
        if (tenant.isEmpty() || tenant.length() > MAX_TENANT_LENGTH) {
            return false;
        }
        for (int i = 0; i < tenant.length(); i++) {
            char c = tenant.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return !tenant.equals(".") && !tenant.equals("..");
    }
}
