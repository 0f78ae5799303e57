package io.jwtgate.gateway.middleware.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The protected resource an {@code mcp} middleware guards, as {@code resourceMetadata} configures
 * it, and its RFC 9728 metadata document, built from the configuration alone (never from a
 * request's {@code Host}). The document is served at {@code /.well-known/oauth-protected-resource}
 * followed by the resource's path (RFC 9728 section 3.1) and at the bare well-known path.
 *
 * @param resource the resource identifier (RFC 8707): an absolute https URL (http for a loopback host), no query or fragment
 */
record ProtectedResource(String resource, List<String> authorizationServers, List<String> scopesSupported,
                         List<String> bearerMethodsSupported, String resourceDocumentation, String resourceName,
                         String resourcePolicyUri, String resourceTosUri) {

    static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    ProtectedResource {
        authorizationServers = List.copyOf(authorizationServers);
        scopesSupported = List.copyOf(scopesSupported);
        bearerMethodsSupported = List.copyOf(bearerMethodsSupported);
    }

    /** The resource's path ({@code /mcp-server}), empty for a resource at the host's root. */
    String path() {
        String path = URI.create(resource).getRawPath();
        return path == null || path.equals("/") ? "" : path;
    }

    /** The URL of the metadata document, for {@code resource_metadata} in challenges. */
    String metadataUrl() {
        URI uri = URI.create(resource);
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + WELL_KNOWN + path();
    }

    /** The request paths the document answers: the path-inserted form (with and without a final {@code /}) and the bare one. */
    Set<String> metadataPaths() {
        Set<String> paths = new LinkedHashSet<>();
        String inserted = WELL_KNOWN + path();
        paths.add(inserted);
        paths.add(inserted.endsWith("/") ? inserted.substring(0, inserted.length() - 1) : inserted + "/");
        paths.add(WELL_KNOWN);
        return paths;
    }

    /** The RFC 9728 section 2 document; optional members only when configured. */
    String document(ObjectMapper json) {
        ObjectNode doc = json.createObjectNode();
        doc.put("resource", resource);
        doc.putPOJO("authorization_servers", authorizationServers);
        if (!scopesSupported.isEmpty()) {
            doc.putPOJO("scopes_supported", scopesSupported);
        }
        doc.putPOJO("bearer_methods_supported", bearerMethodsSupported);
        putIfSet(doc, "resource_documentation", resourceDocumentation);
        putIfSet(doc, "resource_name", resourceName);
        putIfSet(doc, "resource_policy_uri", resourcePolicyUri);
        putIfSet(doc, "resource_tos_uri", resourceTosUri);
        try {
            return json.writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e); // strings and lists of strings always serialize
        }
    }

    private static void putIfSet(ObjectNode doc, String name, String value) {
        if (value != null) {
            doc.put(name, value);
        }
    }

    /**
     * Why {@code url} is not usable as {@code resourceMetadata} URL, or null: absolute, https (http only
     * to a loopback host), a host, no user info or fragment, nothing a quoted challenge would have to escape.
     */
    static String problem(String url, boolean isResource) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return "'" + url + "' is not a URL: " + e.getReason();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return "'" + url + "' is not an absolute https URL";
        }
        if (scheme.equals("http") && !loopback(uri.getHost())) {
            return "'" + url + "' uses plain http: OAuth metadata URLs must be https (http is accepted for localhost only)";
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return "'" + url + "' has a user-info or fragment part";
        }
        if (isResource && uri.getRawQuery() != null) {
            return "'" + url + "' has a query: a resource identifier should not (RFC 8707 section 2)";
        }
        if (!io.jwtgate.jwt.BearerChallenge.isQuotable(url)) {
            return "'" + url + "' contains a space, a quote, a backslash or a non-ASCII character (percent-encode it)";
        }
        return null;
    }

    private static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }
}
