package io.jwtgate.gateway.middleware.forwardauth;

import io.jwtgate.gateway.http.HeaderNames;
import io.jwtgate.gateway.middleware.GoRegex;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code authResponseHeaders} and {@code authResponseHeadersRegex}: what an accepting auth server
 * tells the backend. Each listed header is removed from the request, then set to the auth
 * server's values if it sent any; with the regular expression (matched anywhere in Go's canonical
 * name), every matching request header is removed, then every matching auth header copied. The
 * client cannot forge them: their underscore variants ({@code X_Auth_User}, which CGI backends
 * read as {@code X-Auth-User}) are removed too, as for every header jwtgate sets.
 */
final class AuthResponseHeaders {

    private final List<String> names;
    private final GoRegex regex;

    /** @param regex null when not configured */
    AuthResponseHeaders(List<String> names, GoRegex regex) {
        this.names = names.stream().map(GoHeaderKey::canonical).distinct().toList();
        this.regex = regex;
    }

    void apply(MultiMap auth, MultiMap upstream) {
        for (String name : names) {
            HeaderNames.removeWithVariants(upstream, List.of(name));
            auth.getAll(name).forEach(v -> upstream.add(name, v));
        }
        if (regex == null) {
            return;
        }
        List<String> matching = new ArrayList<>();
        for (String name : upstream.names()) {
            if (regex.matches(GoHeaderKey.canonical(name))) {
                matching.add(name);
            }
        }
        matching.forEach(upstream::remove);
        Map<String, List<String>> copied = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : auth) {
            String name = GoHeaderKey.canonical(h.getKey());
            if (regex.matches(name)) {
                copied.computeIfAbsent(name, k -> new ArrayList<>()).add(h.getValue());
            }
        }
        if (!copied.isEmpty()) {
            HeaderNames.removeWithVariants(upstream, List.copyOf(copied.keySet()));
            copied.forEach((name, values) -> values.forEach(v -> upstream.add(name, v)));
        }
    }
}
