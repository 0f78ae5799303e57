package io.jwtgate.jwt.http;

import java.util.List;

/**
 * Reads one cookie from {@code Cookie} header fields (RFC 6265 section 5.4: {@code name=value} pairs
 * separated by {@code ;}). Written by hand because no dependency of this library parses a request's
 * Cookie header, and the rule that matters here (a name sent twice) is ours.
 */
public final class Cookies {

    /** The cookie's value (one pair of enclosing double quotes removed). */
    public record Value(String value, boolean ambiguous) {}

    private Cookies() {}

    /**
     * The value of {@code name}, or null when absent. {@code ambiguous} when the name is sent twice with
     * different values: a sibling subdomain or a path-scoped cookie can plant a second cookie of the same
     * name (cookie tossing), and the browser gives no way to tell which one the issuer set.
     */
    public static Value find(List<String> cookieHeaders, String name) {
        String found = null;
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq < 0 || !pair.substring(0, eq).strip().equals(name)) {
                    continue;
                }
                String value = pair.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (found != null && !found.equals(value)) {
                    return new Value(null, true);
                }
                found = value;
            }
        }
        return found == null ? null : new Value(found, false);
    }

    /** A cookie-name: an RFC 7230 token (RFC 6265 section 4.1.1). */
    public static boolean isName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
