package io.jwtgate.jwt.support;

import io.jwtgate.jwt.TokenRequest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** A simple {@link TokenRequest}. */
public final class Requests implements TokenRequest {

    private final Map<String, String> headers = new HashMap<>();
    private final Map<String, String> query = new HashMap<>();
    private final java.util.List<String> cookieFields = new java.util.ArrayList<>();

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

    /** Adds one {@code Cookie} field (several may be sent, as over HTTP/2). */
    public Requests cookieField(String value) {
        cookieFields.add(value);
        return this;
    }

    @Override
    public java.util.List<String> headers(String name) {
        if (name.equalsIgnoreCase("Cookie")) {
            return java.util.List.copyOf(cookieFields);
        }
        return TokenRequest.super.headers(name);
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
