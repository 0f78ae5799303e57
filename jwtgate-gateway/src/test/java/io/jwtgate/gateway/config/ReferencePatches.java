package io.jwtgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What makes Traefik's reference files load meaningfully one fragment at a time: where to cut them,
 * valid values for the keys whose placeholder ({@code foobar}, {@code 42}) jwtgate would refuse
 * before reading the rest, the elements the fragments refer to (an entry point, a service, a
 * middleware, TLS options, all named {@code foobar}), and variants for keys that exclude each other.
 */
final class ReferencePatches {

    private static final ObjectMapper YAML = new YAMLMapper();
    /** A patch value that removes the key. */
    static final String REMOVE = "~remove";
    /** Written by {@link #writePemFiles}: where the reference names a PEM file. */
    private static final String CERT = "target/traefik-reference/cert.pem";
    private static final String KEY = "target/traefik-reference/key.pem";

    static final List<String> STATIC_SPLITS = List.of("providers.*", "metrics.*", "certificatesResolvers.*.*");
    static final List<String> DYNAMIC_SPLITS = List.of("http.routers.*", "http.services.*", "http.middlewares.*",
            "http.serversTransports.*", "tcp.routers.*", "tcp.services.*", "tcp.middlewares.*", "tcp.serversTransports.*",
            "udp.routers.*", "udp.services.*", "tls.certificates", "tls.options.*", "tls.stores.*");

    /** Every static fragment is loaded on top of this. */
    static final String STATIC_BASE = """
            entryPoints:
              foobar: {address: ":0"}
            """;

    /** Static keys of Traefik v3.7 (pkg/config/static) that its generated reference file lacks. */
    static final String STATIC_EXTRA = """
            providers:
              precedence: [file, kubernetescrd]
            """;

    /** The static configuration the dynamic fragments are built with. */
    static final String DYNAMIC_STATIC = """
            entryPoints:
              foobar: {address: ":0"}
            """;

    /** Every dynamic fragment is loaded on top of this: the elements named {@code foobar} it refers to. */
    static final String DYNAMIC_BASE = """
            http:
              services:
                foobar: {loadBalancer: {servers: [{url: "http://127.0.0.1:1"}], healthCheck: {path: /health, interval: 1h}}}
              middlewares:
                foobar: {addPrefix: {prefix: /foobar}}
              serversTransports:
                foobar: {}
            tcp:
              services:
                foobar: {loadBalancer: {servers: [{address: "127.0.0.1:1"}]}}
            tls:
              options:
                foobar: {}
            """;

    /** By generic key path (or concrete, for one element): the value to load instead of the placeholder. */
    private static final Map<String, String> VALUES = Map.ofEntries(
            Map.entry("entryPoints.<name>.address", "':0'"),
            Map.entry("entryPoints.<name>.http.maxHeaderBytes", "65536"),
            Map.entry("entryPoints.<name>.http.underscoreHeadersStrategy", "keep"),
            Map.entry("api.basePath", "/foobar"),
            Map.entry("ping.terminatingStatusCode", "503"),
            Map.entry("log.level", "INFO"),
            Map.entry("log.format", "common"),
            Map.entry("accessLog.format", "common"),
            Map.entry("core.defaultRuleSyntax", "v3"),
            Map.entry("certificatesResolvers.<name>.acme.keyType", "EC256"),
            Map.entry("http.routers.<name>.rule", "'Host(`foobar`)'"),
            Map.entry("http.routers.<name>.ruleSyntax", "v3"),
            Map.entry("http.services.<name>.loadBalancer.servers.url", "'http://127.0.0.1:1'"),
            Map.entry("http.services.<name>.loadBalancer.strategy", "wrr"),
            Map.entry("http.services.<name>.loadBalancer.sticky.cookie.sameSite", "lax"),
            Map.entry("http.services.<name>.weighted.sticky.cookie.sameSite", "lax"),
            Map.entry("http.services.<name>.loadBalancer.healthCheck.scheme", "http"),
            Map.entry("http.services.<name>.loadBalancer.healthCheck.mode", "http"),
            Map.entry("http.services.<name>.loadBalancer.healthCheck.path", "/health"),
            Map.entry("http.services.<name>.loadBalancer.healthCheck.method", "GET"),
            Map.entry("http.services.<name>.loadBalancer.healthCheck.status", "200"),
            Map.entry("http.middlewares.<name>.addPrefix.prefix", "/foobar"),
            Map.entry("http.middlewares.<name>.basicAuth.users", "['test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/']"),
            Map.entry("http.middlewares.<name>.basicAuth.usersFile", "src/test/resources/traefik-reference/htpasswd"),
            Map.entry("http.middlewares.<name>.digestAuth.users", "['test:traefik:a2688e031edb4be6a3797f3882655c05']"),
            Map.entry("http.middlewares.<name>.digestAuth.usersFile", "src/test/resources/traefik-reference/htdigest"),
            Map.entry("http.middlewares.<name>.digestAuth.realm", "traefik"),
            Map.entry("http.middlewares.<name>.buffering.retryExpression", "'IsNetworkError() && Attempts() <= 2'"),
            Map.entry("http.middlewares.<name>.circuitBreaker.expression", "'NetworkErrorRatio() > 0.5'"),
            Map.entry("http.middlewares.<name>.circuitBreaker.responseCode", "503"),
            Map.entry("http.middlewares.<name>.compress.excludedContentTypes", "[text/event-stream]"),
            Map.entry("http.middlewares.<name>.compress.includedContentTypes", "[text/plain]"),
            Map.entry("http.middlewares.<name>.compress.encodings", "[gzip, br]"),
            Map.entry("http.middlewares.<name>.compress.defaultEncoding", "gzip"),
            Map.entry("http.middlewares.<name>.errors.status", "['500-599']"),
            Map.entry("http.middlewares.<name>.errors.statusRewrites", "{'500': 503}"),
            Map.entry("http.middlewares.<name>.errors.query", "'/{status}.html'"),
            Map.entry("http.middlewares.<name>.forwardAuth.address", "'http://127.0.0.1:1/auth'"),
            Map.entry("http.middlewares.<name>.ipAllowList.sourceRange", "['10.0.0.0/8']"),
            Map.entry("http.middlewares.<name>.ipAllowList.rejectStatusCode", "403"),
            Map.entry("http.middlewares.<name>.ipWhiteList.sourceRange", "['10.0.0.0/8']"),
            Map.entry("http.middlewares.<name>.ipAllowList.ipStrategy.excludedIPs", "['10.0.0.1']"),
            Map.entry("http.middlewares.<name>.ipWhiteList.ipStrategy.excludedIPs", "['10.0.0.1']"),
            Map.entry("http.middlewares.<name>.inFlightReq.sourceCriterion.ipStrategy.excludedIPs", "['10.0.0.1']"),
            Map.entry("http.middlewares.<name>.rateLimit.sourceCriterion.ipStrategy.excludedIPs", "['10.0.0.1']"),
            Map.entry("http.middlewares.<name>.rateLimit.redis.endpoints", "['127.0.0.1:6379']"),
            Map.entry("http.middlewares.<name>.redirectScheme.scheme", "https"),
            Map.entry("http.middlewares.<name>.redirectScheme.port", "'8443'"),
            Map.entry("http.middlewares.<name>.replacePath.path", "/foobar"),
            Map.entry("http.serversTransports.<name>.peerCertURI", "'spiffe://foobar/workload'"),
            Map.entry("http.serversTransports.<name>.minVersion", "VersionTLS12"),
            Map.entry("http.serversTransports.<name>.maxVersion", "VersionTLS13"),
            Map.entry("http.serversTransports.<name>.cipherSuites", "[TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]"),
            Map.entry("tcp.routers.<name>.rule", "'HostSNI(`foobar`)'"),
            Map.entry("tcp.routers.<name>.ruleSyntax", "v3"),
            Map.entry("tcp.services.<name>.loadBalancer.servers.address", "'127.0.0.1:1'"),
            Map.entry("tcp.services.<name>.loadBalancer.proxyProtocol.version", "2"),
            Map.entry("tcp.serversTransports.<name>.proxyProtocol.version", "2"),
            Map.entry("http.middlewares.<name>.forwardAuth.tls.ca", CERT),
            Map.entry("http.middlewares.<name>.forwardAuth.tls.cert", CERT),
            Map.entry("http.middlewares.<name>.forwardAuth.tls.key", KEY),
            Map.entry("http.middlewares.<name>.rateLimit.redis.tls.ca", CERT),
            Map.entry("http.middlewares.<name>.rateLimit.redis.tls.cert", CERT),
            Map.entry("http.middlewares.<name>.rateLimit.redis.tls.key", KEY),
            Map.entry("http.serversTransports.<name>.rootCAs", "[" + CERT + "]"),
            Map.entry("http.serversTransports.<name>.certificates.certFile", CERT),
            Map.entry("http.serversTransports.<name>.certificates.keyFile", KEY),
            Map.entry("tcp.serversTransports.<name>.tls.rootCAs", "[" + CERT + "]"),
            Map.entry("tcp.serversTransports.<name>.tls.certificates.certFile", CERT),
            Map.entry("tcp.serversTransports.<name>.tls.certificates.keyFile", KEY),
            Map.entry("tls.certificates.certFile", CERT),
            Map.entry("tls.certificates.keyFile", KEY),
            Map.entry("tls.options.<name>.clientAuth.caFiles", "[" + CERT + "]"),
            Map.entry("tls.stores.<name>.defaultCertificate.certFile", CERT),
            Map.entry("tls.stores.<name>.defaultCertificate.keyFile", KEY),
            Map.entry("tls.options.<name>.minVersion", "VersionTLS12"),
            Map.entry("tls.options.<name>.maxVersion", "VersionTLS13"),
            Map.entry("tls.options.<name>.cipherSuites", "[TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]"),
            Map.entry("tls.options.<name>.curvePreferences", "[CurveP256]"),
            Map.entry("tls.options.<name>.alpnProtocols", "[h2, http/1.1]"),
            Map.entry("tls.options.<name>.clientAuth.clientAuthType", "RequireAndVerifyClientCert"));

    /** By scope and fragment (generic path): the variants to load, each a set of patches on top of {@link #VALUES}. */
    private static final Map<String, List<Map<String, String>>> VARIANTS = Map.ofEntries(
            // Keys that exclude each other: Traefik takes one (directory over filename...), jwtgate refuses both at once.
            Map.entry("static:providers.file", List.of(Map.of("providers.file.directory", REMOVE),
                    Map.of("providers.file.filename", REMOVE))),
            Map.entry("dynamic:http.middlewares.<name>", List.of(
                    Map.of("http.middlewares.<name>.compress.excludedContentTypes", REMOVE,
                            "http.middlewares.<name>.inFlightReq.sourceCriterion.requestHeaderName", REMOVE,
                            "http.middlewares.<name>.inFlightReq.sourceCriterion.requestHost", REMOVE,
                            "http.middlewares.<name>.rateLimit.sourceCriterion.requestHeaderName", REMOVE,
                            "http.middlewares.<name>.rateLimit.sourceCriterion.requestHost", REMOVE),
                    Map.of("http.middlewares.<name>.compress.includedContentTypes", REMOVE,
                            "http.middlewares.<name>.inFlightReq.sourceCriterion.ipStrategy", REMOVE,
                            "http.middlewares.<name>.inFlightReq.sourceCriterion.requestHost", REMOVE,
                            "http.middlewares.<name>.rateLimit.sourceCriterion.ipStrategy", REMOVE,
                            "http.middlewares.<name>.rateLimit.sourceCriterion.requestHost", REMOVE),
                    Map.of("http.middlewares.<name>.inFlightReq.sourceCriterion.ipStrategy", REMOVE,
                            "http.middlewares.<name>.inFlightReq.sourceCriterion.requestHeaderName", REMOVE,
                            "http.middlewares.<name>.rateLimit.sourceCriterion.ipStrategy", REMOVE,
                            "http.middlewares.<name>.rateLimit.sourceCriterion.requestHeaderName", REMOVE,
                            "http.middlewares.Middleware17.plugin.PluginConf1", REMOVE),
                    Map.of("http.middlewares.Middleware17.plugin.PluginConf0", REMOVE))),
            // A TCP router with middlewares, or a TCP server with tls, is refused: the variant without shows the other keys are read.
            Map.entry("dynamic:tcp.routers.<name>", List.of(Map.of(), Map.of("tcp.routers.<name>.middlewares", REMOVE))),
            Map.entry("dynamic:tcp.services.<name>", List.of(Map.of(), Map.of("tcp.services.<name>.loadBalancer.servers.tls", REMOVE))));

    private ReferencePatches() {}

    /** The certificate and key the patches name wherever Traefik's reference has a file of PEM ({@code ca}, {@code certFile}...). */
    static void writePemFiles() throws java.io.IOException {
        io.jwtgate.gateway.runtime.TlsCertificates.PemPair pair = io.jwtgate.gateway.server.SelfSignedCertificate.generate("foobar", "foobar");
        java.nio.file.Files.createDirectories(java.nio.file.Path.of(CERT).getParent());
        java.nio.file.Files.writeString(java.nio.file.Path.of(CERT), pair.certificatePem());
        java.nio.file.Files.writeString(java.nio.file.Path.of(KEY), pair.keyPem());
    }

    /**
     * Adds a router using the fragment's middleware or service: a chain's middlewares, and some
     * services' options, are only read where a router uses them.
     */
    static void routeTo(ObjectNode doc, String fragmentPath) {
        String[] parts = fragmentPath.split("\\.");
        if (parts.length != 3 || !parts[0].equals("http") || !(parts[1].equals("middlewares") || parts[1].equals("services"))) {
            return;
        }
        ObjectNode router = doc.with("http").with("routers").putObject("audit-router");
        router.put("rule", "Host(`audit`)");
        router.put("service", parts[1].equals("services") ? parts[2] : "foobar");
        if (parts[1].equals("middlewares")) {
            router.putArray("middlewares").add(parts[2]);
        }
    }

    static List<Map<String, String>> variants(String scope, String fragmentPath) {
        return VARIANTS.getOrDefault(scope + ":" + ReferenceFragments.generic(fragmentPath), List.of(Map.of()));
    }

    /** A copy of {@code doc} with {@link #VALUES} and then {@code variant} applied. */
    static ObjectNode patched(ObjectNode doc, Map<String, String> variant) throws Exception {
        ObjectNode copy = doc.deepCopy();
        apply(copy, "", VALUES);
        apply(copy, "", variant);
        return copy;
    }

    private static void apply(JsonNode node, String path, Map<String, String> patches) throws Exception {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                String patch = patches.getOrDefault(ReferenceFragments.withoutIndexes(child), patches.get(ReferenceFragments.generic(child)));
                if (REMOVE.equals(patch)) {
                    it.remove();
                } else if (patch != null) {
                    e.setValue(YAML.readTree(patch));
                } else {
                    apply(e.getValue(), child, patches);
                }
            }
        } else if (node != null && node.isArray()) {
            for (JsonNode element : node) {
                apply(element, path, patches);
            }
        }
    }
}
