package io.jwtgate.gateway.runtime;

import io.jwtgate.jwt.config.ConfigException;

/**
 * One problem of a configuration, keyed by the element it belongs to, so that reload decisions and
 * the admin API never match elements by text ({@code api@file} and {@code api@kubernetescrd} are
 * two keys). The detail carries the file, key path, problem and fix.
 *
 * @param element the router, service or middleware (qualified name), the TLS store, or the document
 */
public record Problem(Element element, ConfigException detail) {

    /** What a problem belongs to. */
    public enum Kind { ROUTER, SERVICE, MIDDLEWARE, TLS, DOCUMENT }

    /** @param name the qualified name ({@code api@file}), or the file for {@link Kind#TLS} and {@link Kind#DOCUMENT} */
    public record Element(Kind kind, String name) {}

    public static Problem of(Kind kind, String name, ConfigException detail) {
        return new Problem(new Element(kind, name), detail);
    }

    /**
     * A problem found while reading a provider's document, keyed by the element its key path names.
     * The document does not know its provider, so the name is as written there (no {@code @provider});
     * the message names the file, which keeps two providers' problems apart.
     */
    public static Problem fromDocument(ConfigException e) {
        String path = e.keyPath() == null ? "" : e.keyPath();
        String[] parts = path.split("\\.", 4);
        if (parts.length >= 3 && parts[0].equals("http")) {
            Kind kind = switch (parts[1]) {
                case "routers" -> Kind.ROUTER;
                case "services" -> Kind.SERVICE;
                case "middlewares" -> Kind.MIDDLEWARE;
                default -> null;
            };
            if (kind != null) {
                return of(kind, parts[2], e);
            }
        }
        return of(path.startsWith("tls") ? Kind.TLS : Kind.DOCUMENT, e.source(), e);
    }

    /** The one-line text for logs and {@code jwtgate check}: file, key path, problem, fix. */
    public String message() {
        return detail.getMessage();
    }

    /** Same element, same text: the identity reload decisions compare (not the exception object). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Problem p && element.equals(p.element) && message().equals(p.message());
    }

    @Override
    public int hashCode() {
        return element.hashCode() * 31 + message().hashCode();
    }

    @Override
    public String toString() {
        return message();
    }
}
