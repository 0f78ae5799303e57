package io.jwtgate.jwt;

import io.jwtgate.jwt.claims.ClaimsPolicy;
import io.jwtgate.jwt.claims.IssuerTemplate;
import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.config.KeySetPolicy;
import io.jwtgate.jwt.keys.HttpClients;
import io.jwtgate.jwt.keys.IssuerRelativeSource;
import io.jwtgate.jwt.keys.JwkSetParser;
import io.jwtgate.jwt.keys.JwksFetcher;
import io.jwtgate.jwt.keys.JwksFileSource;
import io.jwtgate.jwt.keys.KeyEntry;
import io.jwtgate.jwt.keys.KeySet;
import io.jwtgate.jwt.keys.KeySource;
import io.jwtgate.jwt.keys.OidcDiscovery;
import io.jwtgate.jwt.keys.PemKeys;
import io.jwtgate.jwt.keys.RemoteKeySet;
import io.jwtgate.jwt.keys.StaticKeySource;
import io.jwtgate.jwt.keys.TrustedIssuersSource;
import io.jwtgate.jwt.keys.VerificationKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Builds the one key source of a middleware from its configuration (decision 1), validating as it goes. */
final class KeySources {

    static final int MAX_TRUSTED_ISSUERS = 100;
    private static final String SOURCES = "signingSecret, publicKey, jwksFile, jwksUrl, trustedIssuers, oidcIssuer";

    private final JwtConfig config;
    private final JwtEnvironment env;
    private final JwtStats stats;
    private final List<String> warnings;
    private HttpClient ownedClient;
    private KeySetPolicy policy;

    KeySources(JwtConfig config, JwtEnvironment env, JwtStats stats, List<String> warnings) {
        this.config = config;
        this.env = env;
        this.stats = stats;
        this.warnings = warnings;
    }

    /** The HTTP client this builder created (closed with the authenticator), or null. */
    HttpClient ownedClient() {
        return ownedClient;
    }

    /** Checks that exactly one key source is configured and returns its option name. */
    static String singleSource(JwtConfig config) throws ConfigException {
        List<String> found = new ArrayList<>();
        if (config.signingSecret() != null) {
            found.add("signingSecret");
        }
        if (config.publicKey() != null) {
            found.add("publicKey");
        }
        if (config.jwksFile() != null) {
            found.add("jwksFile");
        }
        if (config.jwksUrl() != null) {
            found.add("jwksUrl");
        }
        if (config.trustedIssuers() != null) {
            found.add("trustedIssuers");
        }
        if (config.oidcIssuer() != null) {
            found.add("oidcIssuer");
        }
        if (found.isEmpty() && config.introspection() != null) {
            return null; // introspection only: every token is introspected
        }
        if (found.isEmpty()) {
            throw new ConfigException("", "no key source: exactly one of " + SOURCES + " must be set",
                    "add signingSecret (HS* tokens), publicKey, jwksFile, jwksUrl, trustedIssuers or oidcIssuer, or introspection for opaque tokens");
        }
        if (found.size() > 1) {
            throw new ConfigException(found.get(1), "several key sources are set (" + String.join(", ", found)
                    + "): exactly one of " + SOURCES + " must be set", "keep only one of " + String.join(", ", found));
        }
        return found.get(0);
    }

    KeySource build(String source, ClaimsPolicy claims) throws ConfigException {
        policy = config.keySetPolicy().applyTo(env.keySetPolicy());
        return switch (source) {
            case "signingSecret" -> new StaticKeySource(new KeySet(List.of(KeyEntry.unrestricted(hmacSecret()))), true);
            case "publicKey" -> new StaticKeySource(new KeySet(List.of(KeyEntry.unrestricted(publicKey()))), true);
            case "jwksFile" -> jwksFile();
            case "jwksUrl" -> jwksUrl(claims);
            case "oidcIssuer" -> oidcIssuer();
            default -> trustedIssuers();
        };
    }

    private String resolved(String path, String value) throws ConfigException {
        String secret = env.secrets().resolve(path, value);
        return secret != null ? secret : value;
    }

    private VerificationKey.Hmac hmacSecret() throws ConfigException {
        String secret = resolved("signingSecret", config.signingSecret());
        byte[] key;
        if (config.signingSecretBase64Encoded()) {
            try {
                // Standard alphabet; padding optional (Java's basic decoder accepts both).
                key = Base64.getDecoder().decode(secret.strip());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("signingSecret", "signingSecret is not valid base64 (" + e.getMessage() + ")",
                        "encode the secret with standard base64 (e.g. 'base64 -w0'), or set signingSecretBase64Encoded: false");
            }
        } else {
            key = secret.getBytes(StandardCharsets.UTF_8);
        }
        if (key.length == 0) {
            throw new ConfigException("signingSecret", "signingSecret is empty", "set a long random secret (at least 32 bytes)");
        }
        if (key.length < 32) {
            warnings.add("signingSecret is " + key.length + " bytes, shorter than the 32-byte output of HS256 (48 for HS384, 64 for HS512): "
                    + "it can be brute-forced offline; use a random secret of at least 32 bytes");
        }
        return new VerificationKey.Hmac(key);
    }

    private VerificationKey publicKey() throws ConfigException {
        String pem = resolved("publicKey", config.publicKey());
        try {
            return PemKeys.parsePublicKey(pem);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("publicKey", "invalid public key: " + e.getMessage(),
                    "give a PEM 'PUBLIC KEY', 'RSA PUBLIC KEY' or 'CERTIFICATE' block (RSA keys of at least 2048 bits, EC P-256/384/521 or Ed25519)");
        }
    }

    private KeySource jwksFile() throws ConfigException {
        String value = resolved("jwksFile", config.jwksFile());
        // Decision: JSON content starts with '{'; anything else is a path (which must exist).
        if (value.strip().startsWith("{")) {
            try {
                JwkSetParser.Parsed parsed = JwkSetParser.parse(value, policy.maxKeys(), false);
                parsed.dropped().forEach(d -> warnings.add("jwksFile: dropped " + d));
                if (parsed.keys().size() == 0) {
                    throw new IllegalArgumentException("no usable signature key" + (parsed.dropped().isEmpty() ? "" : ": " + parsed.dropped()));
                }
                return new StaticKeySource(parsed.keys(), false);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("jwksFile", "invalid inline JWK Set: " + e.getMessage(),
                        "give the JSON of a JWK Set ({\"keys\": [...]}) with RSA (2048+ bits), EC or Ed25519 public keys, or a file path");
            }
        }
        Path path;
        try {
            path = Path.of(value.strip());
        } catch (InvalidPathException e) {
            throw new ConfigException("jwksFile", "jwksFile is neither JSON nor a valid path", "give a JWK Set (JSON) or the path of a file holding one");
        }
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("jwksFile", "file " + path + " does not exist (and the value is not JSON, which starts with '{')",
                    "mount the JWK Set file at that path, or put the JSON itself in jwksFile");
        }
        try {
            return new JwksFileSource(path, policy, env.clock(), env.blockingExecutor(), env.middlewareName());
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("jwksFile", "cannot load " + path + ": " + e.getMessage(),
                    "fix the file: it must hold a JWK Set with at least one usable public signature key");
        }
    }

    private KeySource jwksUrl(ClaimsPolicy claims) throws ConfigException {
        String url = config.jwksUrl().strip();
        if (url.startsWith("/")) {
            Set<String> pinned = claims == null ? null : claims.pinnedIssuers();
            if (pinned == null) {
                warnings.add("jwksUrl is a path (" + url + "): the key set is fetched from the token's own iss, so any issuer is accepted; "
                        + "pin iss in claims (Equals(`iss`, `https://idp.example.com`)) or use trustedIssuers");
            }
            JwksFetcher fetcher = fetcher();
            return new IssuerRelativeSource(url, pinned, policy.maxIssuerKeySets(),
                    uri -> new RemoteKeySet(uri, fetcher, policy, env.clock(), stats, env.middlewareName()));
        }
        URI uri = httpUri("jwksUrl", url, false);
        RemoteKeySet set = new RemoteKeySet(uri, fetcher(), policy, env.clock(), stats, env.middlewareName());
        set.prefetch();
        return set;
    }

    /** Extension: OpenID discovery from the issuer; {@code iss} must equal it exactly (no fallback). */
    private KeySource oidcIssuer() throws ConfigException {
        String issuer = config.oidcIssuer().strip();
        URI uri = httpUri("oidcIssuer", issuer, true);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new ConfigException("oidcIssuer", "'" + issuer + "' has a query, fragment or user info",
                    "give the issuer exactly as it appears in the tokens' iss claim, e.g. https://idp.example.com/realms/x");
        }
        OidcDiscovery discovery = new OidcDiscovery(issuer, fetcher(), env.clock(), env.middlewareName());
        RemoteKeySet set = new RemoteKeySet(discovery.discoveryUri().toString(), KeySetStatus.Kind.OIDC_DISCOVERY, issuer, discovery,
                policy, env.clock(), stats, env.middlewareName());
        set.prefetch();
        return new TrustedIssuersSource(Map.of(issuer, set), null);
    }

    private KeySource trustedIssuers() throws ConfigException {
        List<JwtConfig.TrustedIssuer> entries = config.trustedIssuers();
        if (entries.isEmpty() || entries.size() > MAX_TRUSTED_ISSUERS) {
            throw new ConfigException("trustedIssuers", "trustedIssuers has " + entries.size() + " entries; 1 to " + MAX_TRUSTED_ISSUERS + " are allowed",
                    "list each issuer with its jwksUrl");
        }
        Map<String, URI> byIssuer = new HashMap<>();
        Map<IssuerTemplate, URI> byTemplate = new LinkedHashMap<>();
        URI fallback = null;
        for (int i = 0; i < entries.size(); i++) {
            JwtConfig.TrustedIssuer entry = entries.get(i);
            String path = "trustedIssuers[" + i + "]";
            if (entry.jwksUrl() == null) {
                throw new ConfigException(path + ".jwksUrl", "jwksUrl is required", "add the https URL of this issuer's JWK Set");
            }
            URI uri = httpUri(path + ".jwksUrl", entry.jwksUrl().strip(), true);
            if (entry.issuer() == null) {
                if (fallback != null) {
                    throw new ConfigException(path + ".issuer", "only one entry in trustedIssuers may omit the issuer field",
                            "set issuer on every entry but the fallback one");
                }
                fallback = uri;
            } else {
                IssuerTemplate template = TenantRules.template(path + ".issuer", entry.issuer());
                if (template.isTemplate() ? byTemplate.put(template, uri) != null : byIssuer.put(entry.issuer(), uri) != null) {
                    throw new ConfigException(path + ".issuer", "issuer " + entry.issuer() + " is listed twice", "keep one entry per issuer");
                }
            }
        }
        JwksFetcher fetcher = fetcher();
        Map<URI, List<String>> issuersByUri = new HashMap<>();
        byIssuer.forEach((iss, u) -> issuersByUri.computeIfAbsent(u, k -> new ArrayList<>()).add(iss));
        byTemplate.forEach((t, u) -> issuersByUri.computeIfAbsent(u, k -> new ArrayList<>()).add(t.text()));
        if (fallback != null) {
            issuersByUri.computeIfAbsent(fallback, k -> new ArrayList<>()).add("*");
        }
        Map<URI, RemoteKeySet> shared = new HashMap<>();
        Map<String, RemoteKeySet> sets = new HashMap<>();
        for (Map.Entry<String, URI> e : byIssuer.entrySet()) {
            sets.put(e.getKey(), shared.computeIfAbsent(e.getValue(), u -> remote(u, fetcher, issuersByUri.get(u))));
        }
        List<Map.Entry<Predicate<String>, RemoteKeySet>> templates = new ArrayList<>();
        for (Map.Entry<IssuerTemplate, URI> e : byTemplate.entrySet()) {
            IssuerTemplate t = e.getKey();
            templates.add(Map.entry(iss -> t.match(iss) != null, shared.computeIfAbsent(e.getValue(), u -> remote(u, fetcher, issuersByUri.get(u)))));
        }
        RemoteKeySet fallbackSet = fallback == null ? null : shared.computeIfAbsent(fallback, u -> remote(u, fetcher, issuersByUri.get(u)));
        shared.values().forEach(RemoteKeySet::prefetch);
        return new TrustedIssuersSource(sets, templates, fallbackSet);
    }

    /** @param issuers the issuers served by this URL, sorted into the status label ("*" for the fallback entry) */
    private RemoteKeySet remote(URI uri, JwksFetcher fetcher, List<String> issuers) {
        List<String> sorted = issuers.stream().sorted().toList();
        return new RemoteKeySet(uri.toString(), KeySetStatus.Kind.JWKS_URL, String.join(", ", sorted), fetcher.loader(uri), policy,
                env.clock(), stats, env.middlewareName());
    }

    private URI httpUri(String path, String url, boolean httpsRequired) throws ConfigException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigException(path, "'" + url + "' is not a valid URL", "write an absolute URL such as https://idp.example.com/jwks.json, or a path starting with /");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new ConfigException(path, "'" + url + "' is not an absolute http(s) URL",
                    "write an absolute URL such as https://idp.example.com/jwks.json");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            if (httpsRequired) {
                throw new ConfigException(path, path.substring(path.lastIndexOf('.') + 1) + " must use https:// (plain http is only allowed for loopback hosts)",
                        "serve the key set over https");
            }
            warnings.add(path + " uses plain http: anyone on the network path can substitute the keys; use https");
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a name: do not resolve it at configuration time
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private JwksFetcher fetcher() throws ConfigException {
        JwtConfig.ClientConfig cc = config.clientConfig();
        JwtConfig.Tls tls = cc.tls();
        HttpClient client;
        boolean tlsSet = tls.ca() != null || tls.cert() != null || tls.key() != null || tls.insecureSkipVerify();
        if (env.httpClientOrNull() != null && !tlsSet) {
            client = env.httpClientOrNull();
        } else if (!tlsSet) {
            client = HttpClients.shared(Duration.ofSeconds(cc.timeoutSeconds())); // the same settings: one client for all
        } else if (ownedClient != null) {
            client = ownedClient;
        } else {
            HttpClients.TlsMaterial material = new HttpClients.TlsMaterial(
                    tls.ca() == null ? null : resolved("clientConfig.tls.ca", tls.ca()),
                    tls.cert() == null ? null : resolved("clientConfig.tls.cert", tls.cert()),
                    tls.key() == null ? null : resolved("clientConfig.tls.key", tls.key()),
                    tls.insecureSkipVerify());
            try {
                client = HttpClients.build(material, Duration.ofSeconds(cc.timeoutSeconds()));
            } catch (IllegalArgumentException e) {
                String part = e.getMessage().startsWith("ca") ? "ca" : e.getMessage().startsWith("cert") ? "cert"
                        : e.getMessage().startsWith("key") ? "key" : "";
                throw new ConfigException("clientConfig.tls" + (part.isEmpty() ? "" : "." + part), e.getMessage(),
                        "give PEM text (or a secret reference to it): CA certificates, the client certificate and its PKCS#8 key");
            }
            if (tls.insecureSkipVerify()) {
                warnings.add("clientConfig.tls.insecureSkipVerify is true: key sets are fetched without checking the server certificate; testing only");
            }
            ownedClient = client;
        }
        return new JwksFetcher(client, Duration.ofSeconds(cc.timeoutSeconds()), cc.maxRetries(), policy);
    }
}
