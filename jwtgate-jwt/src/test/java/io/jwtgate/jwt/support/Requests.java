package io.jwtgate.jwt.support;

import io.jwtgate.jwt.TokenRequest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** A simple {@link TokenRequest}. */
public final class Requests implements TokenRequest {

    private final Map<String, String> headers = new HashMap<>();
    private final Map<String, String> query = new HashMap<>();

    public static Requests request() {
        return new Requests();
    }

    public Requests header(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
        return this;
    }

    public Requests query(String name, String value) {
        query.put(name, value);
        return this;
    }

    public static Requests bearer(String token) {
        return request().header("Authorization", "Bearer " + token);
    }

    @Override
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String queryParam(String name) {
        return query.get(name);
    }

    @Override
    public String contentType() {
        return header("Content-Type");
    }
}
