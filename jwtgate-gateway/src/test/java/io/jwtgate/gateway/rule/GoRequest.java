package io.jwtgate.gateway.rule;

import io.jwtgate.gateway.http.ParsedTarget;
import io.jwtgate.gateway.http.RequestTarget;
import io.jwtgate.gateway.http.RuleRequest;
import io.jwtgate.gateway.http.TargetRules;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A ported table's request as Traefik's Go test builds it in memory ({@code httptest.NewRequest}):
 * the URL's host as {@code req.Host}, a header map looked up by canonical key only (a key the test
 * wrote in lower case is invisible), Go's query parsing, the remote address as given. What the
 * compiled rule sees in {@link RuleTablesTest}.
 */
record GoRequest(String authority, String path, String method, Map<String, List<String>> headerMap, String query, String remote)
        implements RuleRequest {

    static GoRequest of(TraefikRuleTables.Request r) {
        String target;
        String authority;
        String method = r.method();
        if (r.raw() != null) {
            String[] lines = r.raw().split("\r\n");
            String[] requestLine = lines[0].split(" ");
            method = requestLine[0];
            target = requestLine[1];
            String hostHeader = "";
            for (String line : lines) {
                if (line.regionMatches(true, 0, "Host:", 0, 5)) {
                    hostHeader = line.substring(5).trim();
                }
            }
            String urlHost = hostOf(target);
            authority = urlHost.isEmpty() ? hostHeader : urlHost; // Go's ReadRequest: the URL's host wins
        } else {
            target = r.url();
            authority = hostOf(target);
        }
        String rest = pathAndQuery(target);
        int q = rest.indexOf('?');
        String rawPath = q < 0 ? rest : rest.substring(0, q);
        ParsedTarget parsed = RequestTarget.parse(rawPath.isEmpty() ? "/" : rawPath, false, TargetRules.DEFAULTS);
        String path = parsed instanceof RequestTarget t ? t.routingPath() : rawPath;
        return new GoRequest(authority, path, method, r.headers(), q < 0 ? null : rest.substring(q + 1), r.remote());
    }

    /** The host (and port) of an absolute URL, without userinfo; empty for none. */
    private static String hostOf(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return "";
        }
        int end = scheme + 3;
        while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') {
            end++;
        }
        String authority = url.substring(scheme + 3, end);
        return authority.substring(authority.lastIndexOf('@') + 1);
    }

    private static String pathAndQuery(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return url;
        }
        int start = scheme + 3;
        while (start < url.length() && url.charAt(start) != '/' && url.charAt(start) != '?') {
            start++;
        }
        return url.substring(start);
    }

    @Override
    public String host() {
        return authority.toLowerCase(Locale.ROOT);
    }

    @Override
    public List<String> headers(String name) {
        return headerMap.getOrDefault(canonical(name), List.of());
    }

    /** Go's {@code url.ParseQuery}: pairs split on {@code &}, a pair with {@code ;} dropped, {@code +} a space. */
    @Override
    public List<String> queryParams(String name) {
        List<String> out = new ArrayList<>();
        if (query == null) {
            return out;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty() || pair.contains(";")) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                if (URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                    out.add(URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            } catch (IllegalArgumentException ignored) {
                // Go drops a pair it cannot unescape
            }
        }
        return out;
    }

    /** Traefik's {@code RemoteAddrStrategy} then {@code netip.ParseAddr}: null when the address is not an IP. */
    @Override
    public InetAddress clientAddress() {
        if (remote == null || remote.isEmpty()) {
            return null;
        }
        String host = remote;
        int colon = remote.lastIndexOf(':');
        if (colon > 0 && remote.indexOf(':') == colon) {
            host = remote.substring(0, colon);
        }
        if (!host.matches("[0-9a-fA-F:.]+") || !(host.contains(".") && host.split("\\.").length == 4 || host.contains(":"))) {
            return null;
        }
        try {
            return InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    /** Go's {@code http.CanonicalHeaderKey}. */
    static String canonical(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }
}
