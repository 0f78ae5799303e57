package io.jwtgate.gateway.config.statics;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.TlsVersion;
import io.jwtgate.gateway.config.Unsupported;
import io.jwtgate.jwt.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How the gateway talks to backends, with Traefik's names and defaults: the static
 * {@code serversTransport} (Traefik's {@code default@internal}, used by every service that names
 * none) and each dynamic {@code http.serversTransports.<name>} that a load balancer names with
 * {@code serversTransport}. Records compare by value: equal configurations share one set of
 * connection pools.
 *
 * @param serverName            SNI name and the name the backend's certificate must match (null: the server's host)
 * @param rootCAs               PEM files or inline PEM trusted for backends' certificates (empty: the JDK's CAs)
 * @param certificates          client certificates presented to backends that ask for one (mTLS)
 * @param disableHttp2          {@code disableHTTP2}: HTTPS backends are spoken to in HTTP/1.1 only
 * @param peerCertSans          {@code peerCertSANs} (and the deprecated {@code peerCertURI}): the backend's certificate must
 *                              carry one of them; its chain is then verified against rootCAs even with insecureSkipVerify, as Traefik does
 * @param minVersion            {@code minVersion} as a JDK protocol name (TLSv1.2...), null for the JDK's default
 * @param maxVersion            {@code maxVersion} likewise
 * @param responseHeaderTimeout time allowed for the backend to send response headers; zero = no limit (Traefik's default)
 */
public record ServersTransportConfig(
        boolean insecureSkipVerify,
        List<String> rootCAs,
        int maxIdleConnsPerHost,
        Duration dialTimeout,
        Duration responseHeaderTimeout,
        Duration idleConnTimeout,
        String serverName,
        List<ClientCertificate> certificates,
        boolean disableHttp2,
        List<PeerSan> peerCertSans,
        String minVersion,
        String maxVersion,
        String source) {

    /** Traefik's name for the static transport. */
    public static final String DEFAULT_NAME = "default@internal";

    /** {@code certificates[]}: a certificate chain and its key, each a file path or inline PEM. */
    public record ClientCertificate(String certFile, String keyFile) {}

    /** {@code peerCertSANs[]}: Traefik's SAN types {@code URI} (compared ignoring case) and {@code DNSName} (a host name match). */
    public record PeerSan(String type, String value) {
        public static final String URI = "URI";
        public static final String DNS_NAME = "DNSName";
    }


    public ServersTransportConfig {
        rootCAs = List.copyOf(rootCAs);
        certificates = List.copyOf(certificates);
        peerCertSans = List.copyOf(peerCertSans);
    }

    public static ServersTransportConfig defaults() {
        return new ServersTransportConfig(false, List.of(), 200, Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(90),
                null, List.of(), false, List.of(), null, null, null);
    }

    /** The static transport's keys, and the dynamic transports' (Traefik's sets). */
    private static final Set<String> STATIC_KEYS = Set.of("insecureSkipVerify", "rootCAs", "maxIdleConnsPerHost", "forwardingTimeouts",
            "spiffe");
    private static final Set<String> DYNAMIC_KEYS = Set.of("insecureSkipVerify", "rootCAs", "maxIdleConnsPerHost", "forwardingTimeouts",
            "spiffe", "serverName", "certificates", "disableHTTP2", "peerCertURI", "peerCertSANs", "cipherSuites", "minVersion", "maxVersion");

    /**
     * Reads a transport: the static {@code serversTransport} ({@code dynamic} false) or one of
     * {@code http.serversTransports} (which also has serverName, certificates, disableHTTP2 and
     * peerCertURI). What jwtgate cannot do is reported through {@code warnings}, never ignored silently.
     */
    public static ServersTransportConfig parse(ConfigNode n, boolean dynamic, Consumer<String> warnings) throws ConfigException {
        ServersTransportConfig d = defaults();
        if (n.isMissing()) {
            return d;
        }
        n.fields(); // a scalar or a list is an error, not "no options"
        n.warnUnknownKeys(dynamic ? DYNAMIC_KEYS : STATIC_KEYS, warnings);
        if (n.has("spiffe")) {
            warnings.accept(Unsupported.message(n.source(), n.get("spiffe").path(), "SPIFFE identities are not used; backends are"
                    + " verified with rootCAs (or the JDK's CAs)"));
        }
        ConfigNode t = n.get("forwardingTimeouts");
        t.warnUnknownKeys(Set.of("dialTimeout", "responseHeaderTimeout", "idleConnTimeout", "readIdleTimeout", "pingTimeout"), warnings);
        for (String h2 : List.of("readIdleTimeout", "pingTimeout")) {
            if (t.has(h2)) {
                warnings.accept(Unsupported.message(n.source(), t.get(h2).path(), "HTTP/2 health pings to backends are not sent;"
                        + " idle connections close after idleConnTimeout"));
            }
        }
        int maxIdle = (int) n.get("maxIdleConnsPerHost").integer(d.maxIdleConnsPerHost());
        if (maxIdle < 0) {
            throw n.get("maxIdleConnsPerHost").error("must be 0 or more, found " + maxIdle, "write a number of connections, e.g. 200");
        }
        List<ClientCertificate> certificates = new ArrayList<>();
        for (ConfigNode c : n.get("certificates").elements()) {
            c.warnUnknownKeys(Set.of("certFile", "keyFile"), warnings);
            certificates.add(new ClientCertificate(c.get("certFile").requiredString(), c.get("keyFile").requiredString()));
        }
        List<PeerSan> sans = new ArrayList<>();
        for (ConfigNode san : n.get("peerCertSANs").elements()) {
            san.warnUnknownKeys(Set.of("type", "value"), warnings);
            String type = san.get("type").requiredString();
            if (!type.equals(PeerSan.URI) && !type.equals(PeerSan.DNS_NAME)) {
                throw san.get("type").error("'" + type + "' is not a SAN type Traefik checks", "write URI or DNSName");
            }
            sans.add(new PeerSan(type, san.get("value").requiredString()));
        }
        String peerCertUri = n.get("peerCertURI").string(null);
        if (peerCertUri != null && !peerCertUri.isEmpty()) {
            try {
                if (new URI(peerCertUri).getScheme() == null) {
                    throw n.get("peerCertURI").error("'" + peerCertUri + "' is not an absolute URI", "write it as spiffe://domain/workload");
                }
            } catch (URISyntaxException e) {
                throw n.get("peerCertURI").error("'" + peerCertUri + "' is not a URI: " + e.getReason(), "write it as spiffe://domain/workload");
            }
            warnings.accept(n.source() + ": " + n.get("peerCertURI").path() + ": deprecated (as in Traefik): write peerCertSANs:"
                    + " [{type: URI, value: " + peerCertUri + "}]");
            sans.add(new PeerSan(PeerSan.URI, peerCertUri));
        }
        if (n.has("cipherSuites")) {
            warnings.accept(Unsupported.message(n.source(), n.get("cipherSuites").path(), "backends are offered the JDK's cipher suites"
                    + " (within minVersion and maxVersion)"));
        }
        String minVersion = version(n.get("minVersion"));
        String maxVersion = version(n.get("maxVersion"));
        if (minVersion != null && maxVersion != null && minVersion.compareTo(maxVersion) > 0) {
            throw n.get("minVersion").error("the minimum version is above the maximum version", "make minVersion at most maxVersion");
        }
        String serverName = n.get("serverName").string(null);
        return new ServersTransportConfig(n.get("insecureSkipVerify").bool(false), n.get("rootCAs").stringList(),
                // Go's 0 means its default of 2 idle connections; Vert.x needs a pool of at least 1.
                maxIdle == 0 ? 2 : maxIdle,
                positive(t, "dialTimeout", d.dialTimeout()), positive(t, "responseHeaderTimeout", d.responseHeaderTimeout()),
                positive(t, "idleConnTimeout", d.idleConnTimeout()),
                serverName == null || serverName.isEmpty() ? null : serverName, certificates, n.get("disableHTTP2").bool(false), sans,
                minVersion, maxVersion, n.source());
    }

    private static String version(ConfigNode n) throws ConfigException {
        String written = n.string(null);
        if (written == null || written.isEmpty()) {
            return null;
        }
        TlsVersion version = TlsVersion.ofGoName(written);
        if (version == null) {
            throw n.error("'" + written + "' is not a TLS version", "write one of VersionTLS10, VersionTLS11, VersionTLS12, VersionTLS13");
        }
        return version.javaName();
    }

    /** The settings alone: two definitions in different files are the same transport when these are equal. */
    public ServersTransportConfig settings() {
        return new ServersTransportConfig(insecureSkipVerify, rootCAs, maxIdleConnsPerHost, dialTimeout, responseHeaderTimeout, idleConnTimeout,
                serverName, certificates, disableHttp2, peerCertSans, minVersion, maxVersion, null);
    }

    /** Reads a PEM value: the value itself when it holds PEM text, else the file it names. */
    @FunctionalInterface
    public interface PemReader {
        String read(String value) throws java.io.IOException;
    }

    /**
     * The same transport with every rootCA and client certificate read into PEM text, so that
     * creating its clients (on an event loop, at a service's first request) reads no file.
     */
    public ServersTransportConfig withPemContents(PemReader reader) throws java.io.IOException {
        List<String> cas = new ArrayList<>();
        for (String ca : rootCAs) {
            cas.add(reader.read(ca));
        }
        List<ClientCertificate> certs = new ArrayList<>();
        for (ClientCertificate c : certificates) {
            certs.add(new ClientCertificate(reader.read(c.certFile()), reader.read(c.keyFile())));
        }
        return new ServersTransportConfig(insecureSkipVerify, cas, maxIdleConnsPerHost, dialTimeout, responseHeaderTimeout, idleConnTimeout,
                serverName, certs, disableHttp2, peerCertSans, minVersion, maxVersion, source);
    }

    private static Duration positive(ConfigNode t, String key, Duration defaultValue) throws ConfigException {
        Duration value = t.get(key).duration(defaultValue);
        if (value.isNegative()) {
            throw t.get(key).error("must not be negative, found " + value, "write a duration such as 30s, or 0 for no limit");
        }
        return value;
    }
}
