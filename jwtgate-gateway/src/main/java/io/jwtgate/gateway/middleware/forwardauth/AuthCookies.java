package io.jwtgate.gateway.middleware.forwardauth;

import io.jwtgate.gateway.http.FieldSyntax;
import io.jwtgate.gateway.http.ResponseModifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code addAuthCookiesToResponse}: the cookies an accepting auth server sets that go to the client
 * with the backend's answer, replacing the backend's cookies of the same name. As in Traefik, this
 * happens only when the auth server set at least one cookie, and then a {@code Set-Cookie} that Go
 * cannot parse is dropped. The lines themselves are relayed as they were written (Traefik
 * re-serializes them, which loses attributes Go does not know).
 */
final class AuthCookies {

    private AuthCookies() {}

    /** The auth server's {@code Set-Cookie} lines that Go's {@code Response.Cookies()} would return. */
    static List<String> valid(List<String> setCookies) {
        List<String> out = new ArrayList<>(setCookies.size());
        for (String line : setCookies) {
            if (name(line) != null) {
                out.add(line);
            }
        }
        return out;
    }

    /** The modifier for the backend's answer; {@code authCookies} are valid lines (at least one). */
    static ResponseModifier modifier(List<String> authCookies, Set<String> names) {
        return (status, headers) -> {
            List<String> backend = headers.getAll("Set-Cookie");
            headers.remove("Set-Cookie");
            for (String line : backend) {
                String name = name(line);
                if (name != null && !names.contains(name)) {
                    headers.add("Set-Cookie", line);
                }
            }
            for (String line : authCookies) {
                if (names.contains(name(line))) {
                    headers.add("Set-Cookie", line);
                }
            }
        };
    }

    /** The cookie's name as Go's {@code ParseSetCookie} reads it, or null when Go refuses the line (bad name or value). */
    static String name(String line) {
        String trimmed = trim(line);
        int semicolon = trimmed.indexOf(';');
        String pair = trim(semicolon < 0 ? trimmed : trimmed.substring(0, semicolon));
        int eq = pair.indexOf('=');
        if (eq < 0) {
            return null;
        }
        String name = trim(pair.substring(0, eq));
        if (name.isEmpty() || !FieldSyntax.isToken(name)) {
            return null;
        }
        String value = pair.substring(eq + 1);
        if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == ';' || c == '\\') {
                return null;
            }
        }
        return name;
    }

    /** Go's {@code textproto.TrimString}: ASCII space, tab, CR and LF at both ends. */
    private static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && " \t\r\n".indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && " \t\r\n".indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }
}
