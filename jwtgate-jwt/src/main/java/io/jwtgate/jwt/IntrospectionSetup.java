package io.jwtgate.jwt;

import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.introspection.Introspector;
import io.jwtgate.jwt.keys.HttpClients;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the {@link Introspector} of {@code introspection}: secret references resolved, URL and TLS material checked. */
final class IntrospectionSetup {

    private IntrospectionSetup() {}

    static Introspector build(IntrospectionConfig c, JwtEnvironment env, List<String> warnings) throws ConfigException {
        URI url = url(c.url());
        if (url.getScheme().equalsIgnoreCase("http") && !loopback(url.getHost())) {
            warnings.add("introspection.url is plain http (" + url + "): tokens and client credentials cross the network unencrypted; use https");
        }
        String secret = c.clientSecret() == null ? null : resolved(env, "introspection.clientSecret", c.clientSecret());
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> h : c.headers().entrySet()) {
            headers.add(new AbstractMap.SimpleImmutableEntry<>(h.getKey(), resolved(env, "introspection.headers." + h.getKey(), h.getValue())));
        }
        boolean post = c.authMethod().equals("client_secret_post");
        if (c.clientId() != null && !post) {
            headers.add(new AbstractMap.SimpleImmutableEntry<>("Authorization", Introspector.basicCredentials(c.clientId(), secret)));
        }
        if (c.clientId() == null && c.headers().keySet().stream().noneMatch(n -> n.equals("Authorization"))) {
            warnings.add("introspection has no client credentials (clientID, or an Authorization header): most endpoints refuse "
                    + "unauthenticated callers (RFC 7662 section 2.1), and every request would be denied");
        }
        String form = Introspector.extraForm(c.tokenTypeHint(), post ? c.clientId() : null, post ? secret : null);
        JwtConfig.Tls tls = c.tls();
        HttpClients.TlsMaterial material = new HttpClients.TlsMaterial(
                tls.ca() == null ? null : resolved(env, "introspection.tls.ca", tls.ca()),
                tls.cert() == null ? null : resolved(env, "introspection.tls.cert", tls.cert()),
                tls.key() == null ? null : resolved(env, "introspection.tls.key", tls.key()),
                tls.insecureSkipVerify());
        boolean tlsSet = tls.ca() != null || tls.cert() != null || tls.key() != null || tls.insecureSkipVerify();
        HttpClient client;
        try {
            // Never follow a redirect: it would post the token and the client's secret to wherever the answer points.
            // Without TLS material, one client for the process (a JDK client is a selector thread and a pool: a thousand
            // introspecting middlewares must not start a thousand of them).
            client = tlsSet ? HttpClients.build(material, Duration.ofSeconds(c.timeoutSeconds()), HttpClient.Redirect.NEVER)
                    : HttpClients.shared(Duration.ofSeconds(c.timeoutSeconds()), HttpClient.Redirect.NEVER);
        } catch (IllegalArgumentException e) {
            String part = e.getMessage().startsWith("ca") ? ".ca" : e.getMessage().startsWith("cert") ? ".cert" : e.getMessage().startsWith("key") ? ".key" : "";
            throw new ConfigException("introspection.tls" + part, e.getMessage(),
                    "give PEM text (or a secret reference to it): CA certificates, the client certificate and its PKCS#8 key");
        }
        if (tls.insecureSkipVerify()) {
            warnings.add("introspection.tls.insecureSkipVerify is true: tokens are sent without checking the endpoint's certificate; testing only");
        }
        Introspector.Endpoint endpoint = new Introspector.Endpoint(url, form, headers, Duration.ofSeconds(c.timeoutSeconds()), c.maxRetries());
        return new Introspector(endpoint, client, tlsSet, c.cacheTtl(), c.negativeCacheTtl(), c.cacheSize(), env.clock(), env.middlewareName());
    }

    private static URI url(String text) throws ConfigException {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawUserInfo() == null
                    && uri.getRawFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException("introspection.url", "'" + text + "' is not an absolute http(s) URL without user info or fragment",
                "give the endpoint's URL, e.g. https://idp.example.com/realms/demo/protocol/openid-connect/token/introspect");
    }

    private static boolean loopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }

    private static String resolved(JwtEnvironment env, String path, String value) throws ConfigException {
        String secret = env.secrets().resolve(path, value);
        return secret != null ? secret : value;
    }
}
