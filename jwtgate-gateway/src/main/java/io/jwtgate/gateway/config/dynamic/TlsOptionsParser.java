package io.jwtgate.gateway.config.dynamic;

import io.jwtgate.gateway.config.TlsVersion;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.Unsupported;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads one set of TLS options: the keys of Traefik v3.7's {@code tls.Options} (file form) or of
 * the {@code TLSOption} CRD's spec. Names are checked against Traefik's tables and against what
 * this JDK can negotiate; anything the JDK cannot do is an error naming it (the options then refuse
 * their connections: fail closed), except post-quantum curves, which are dropped with a warning
 * while a classical curve remains.
 */
public final class TlsOptionsParser {

    private static final Set<String> KEYS = Set.of("minVersion", "maxVersion", "cipherSuites", "curvePreferences", "clientAuth",
            "sniStrict", "alpnProtocols", "disableSessionTickets", "preferServerCipherSuites");

    /** Where the client CAs come from: {@code caFiles} (paths or PEM) in files, {@code secretNames} in Kubernetes. */
    public interface CaSource {
        /** The key under {@code clientAuth}. */
        String key();

        List<TlsOptionsConfig.CaFile> read(ConfigNode value) throws ConfigException;
    }

    /** {@code clientAuth.caFiles}: each entry a file path or the PEM text itself, as Traefik's FileOrContent. */
    public static final CaSource CA_FILES = new CaSource() {
        @Override
        public String key() {
            return "caFiles";
        }

        @Override
        public List<TlsOptionsConfig.CaFile> read(ConfigNode value) throws ConfigException {
            List<TlsOptionsConfig.CaFile> out = new ArrayList<>();
            for (ConfigNode e : value.elements()) {
                String v = e.string(null);
                if (v == null || v.isBlank()) {
                    throw e.error("is empty", "give the path of a PEM file of CA certificates, or the PEM text itself");
                }
                out.add(new TlsOptionsConfig.CaFile(v.strip(), e.path()));
            }
            return out;
        }
    };

    private TlsOptionsParser() {}

    public static TlsOptionsConfig parse(String name, ConfigNode n, String provider, Consumer<String> warn) throws ConfigException {
        return parse(name, n, provider, CA_FILES, warn);
    }

    public static TlsOptionsConfig parse(String name, ConfigNode n, String provider, CaSource cas, Consumer<String> warn)
            throws ConfigException {
        if (!n.isMissing() && !n.isObject()) {
            n.fields(); // the one wording for "expected a map"
        }
        n.warnUnknownKeys(KEYS, warn);
        TlsVersion min = version(n.get("minVersion"), TlsVersion.TLS12);
        TlsVersion max = version(n.get("maxVersion"), TlsVersion.TLS13);
        versionsUsable(n, min, max, warn);
        List<String> suites = cipherSuites(n.get("cipherSuites"));
        List<String> groups = groups(n.get("curvePreferences"), warn);

        ConfigNode clientAuth = n.get("clientAuth");
        clientAuth.fields(); // a scalar here is an error, not an absent section
        clientAuth.warnUnknownKeys(Set.of(cas.key(), "clientAuthType"), warn);
        List<TlsOptionsConfig.CaFile> caFiles = cas.read(clientAuth.get(cas.key()));
        ClientAuthType type = clientAuthType(clientAuth.get("clientAuthType"), caFiles);
        if (type.verifies() && caFiles.isEmpty()) {
            throw clientAuth.get("clientAuthType").error(type + " verifies client certificates, so it needs clientAuth." + cas.key(),
                    "add clientAuth." + cas.key() + " (the CAs client certificates must chain to), or use RequireAnyClientCert"
                            + " to require a certificate without verifying it");
        }
        boolean sniStrict = n.get("sniStrict").bool(false);
        List<String> alpn = alpn(n.get("alpnProtocols"));
        boolean noTickets = n.get("disableSessionTickets").bool(false);
        if (n.has("preferServerCipherSuites")) {
            n.get("preferServerCipherSuites").bool(false);
            warn.accept(n.source() + ": " + n.get("preferServerCipherSuites").path()
                    + ": deprecated and without effect (in Traefik too, since Go 1.17); remove it");
        }
        return new TlsOptionsConfig(name, min, max, suites, groups, type, caFiles, sniStrict, alpn, noTickets, n.source(), provider, null);
    }

    /** The JDK names of Traefik's default TLS 1.2 suites. */
    static List<String> defaultCipherSuites() {
        List<String> out = new ArrayList<>();
        for (String go : GoTlsNames.DEFAULT_CIPHER_SUITES) {
            String java = GoTlsNames.javaCipherSuite(go);
            if (!GoTlsNames.TLS13_SUITES.contains(go) && JdkTlsSupport.cipherSuite(java)) {
                out.add(java);
            }
        }
        return out;
    }

    /** Go's default groups this JDK offers: the post-quantum hybrids first when it has them. */
    static List<String> defaultGroups() {
        List<String> out = new ArrayList<>();
        for (String g : GoTlsNames.DEFAULT_HYBRID_GROUPS) {
            if (JdkTlsSupport.namedGroup(g)) {
                out.add(g);
            }
        }
        out.addAll(GoTlsNames.DEFAULT_GROUPS);
        return out;
    }

    private static TlsVersion version(ConfigNode n, TlsVersion defaultValue) throws ConfigException {
        String value = n.string("");
        if (value.isEmpty()) {
            return defaultValue;
        }
        TlsVersion v = TlsVersion.ofGoName(value);
        if (v == null) {
            throw n.error("'" + value + "' is not a TLS version", "use VersionTLS10, VersionTLS11, VersionTLS12 or VersionTLS13");
        }
        return v;
    }

    private static void versionsUsable(ConfigNode n, TlsVersion min, TlsVersion max, Consumer<String> warn) throws ConfigException {
        if (min.compareTo(max) > 0) {
            throw n.get("minVersion").error("minVersion " + min.goName() + " is above maxVersion " + max.goName()
                    + ", so no TLS version is accepted", "lower minVersion or raise maxVersion");
        }
        EnumSet<TlsVersion> disabled = EnumSet.noneOf(TlsVersion.class);
        for (TlsVersion v : EnumSet.range(min, max)) {
            if (JdkTlsSupport.disabled(v)) {
                disabled.add(v);
            }
        }
        List<String> names = disabled.stream().map(TlsVersion::goName).toList();
        if (disabled.equals(EnumSet.range(min, max))) {
            throw n.get(n.has("maxVersion") ? "maxVersion" : "minVersion").error("accepts only " + String.join(" and ", names)
                            + ", which this JDK disables (jdk.tls.disabledAlgorithms), so no connection could be made",
                    "use maxVersion VersionTLS12 or VersionTLS13");
        }
        if (!disabled.isEmpty()) {
            warn.accept(Unsupported.message(n.source(), n.get("minVersion").path(), String.join(" and ", names)
                    + " are disabled by this JDK (jdk.tls.disabledAlgorithms), so clients need " + nextEnabled(min).goName()
                    + " or later; use minVersion " + nextEnabled(min).goName() + " to silence this warning"));
        }
    }

    private static TlsVersion nextEnabled(TlsVersion min) {
        for (TlsVersion v : EnumSet.range(min, TlsVersion.TLS13)) {
            if (!JdkTlsSupport.disabled(v)) {
                return v;
            }
        }
        return TlsVersion.TLS13;
    }

    private static List<String> cipherSuites(ConfigNode n) throws ConfigException {
        List<ConfigNode> entries = n.elements();
        if (entries.isEmpty()) {
            return defaultCipherSuites();
        }
        List<String> out = new ArrayList<>();
        for (ConfigNode e : entries) {
            String go = e.requiredString().strip();
            if (!GoTlsNames.isCipherSuite(go)) {
                String hint = ConfigNode.closest(go, GoTlsNames.cipherSuiteNames());
                throw e.error("'" + go + "' is not a cipher suite Traefik knows" + (hint == null ? "" : " (did you mean '" + hint + "'?)"),
                        "use Go crypto/tls names such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
            }
            String java = GoTlsNames.javaCipherSuite(go);
            if (java == null || GoTlsNames.TLS13_SUITES.contains(go)) {
                continue; // TLS_FALLBACK_SCSV is a signal, and TLS 1.3 suites are always on: neither changes anything in Go
            }
            if (!JdkTlsSupport.cipherSuite(java)) {
                throw e.error("'" + go + "' cannot be negotiated by this JDK (as " + java + " it is disabled or removed,"
                        + " see jdk.tls.disabledAlgorithms)", "remove it from cipherSuites");
            }
            if (!out.contains(java)) {
                out.add(java);
            }
        }
        return out;
    }

    private static List<String> groups(ConfigNode n, Consumer<String> warn) throws ConfigException {
        List<ConfigNode> entries = n.elements();
        if (entries.isEmpty()) {
            return defaultGroups();
        }
        List<String> out = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (ConfigNode e : entries) {
            String go = e.requiredString().strip();
            String java = GoTlsNames.javaGroup(go);
            if (java == null) {
                throw e.error("'" + go + "' is not a curve Traefik knows",
                        "use CurveP256, CurveP384, CurveP521 or X25519 (or secp256r1, secp384r1, secp521r1, x25519)");
            }
            if (!JdkTlsSupport.namedGroup(java)) {
                dropped.add(go);
            } else if (!out.contains(java)) {
                out.add(java);
            }
        }
        if (out.isEmpty()) {
            throw n.error("none of " + dropped + " can be used by this JDK (post-quantum hybrid key exchange needs a newer JDK)",
                    "add a classical curve such as X25519 or CurveP256");
        }
        if (!dropped.isEmpty()) {
            warn.accept(Unsupported.message(n.source(), n.path(), dropped + " cannot be used by this JDK (post-quantum hybrid key"
                    + " exchange needs a newer JDK); connections use " + out));
        }
        return out;
    }

    private static ClientAuthType clientAuthType(ConfigNode n, List<TlsOptionsConfig.CaFile> cas) throws ConfigException {
        String value = n.string("");
        if (value.isEmpty()) {
            // Traefik: CA files alone mean RequireAndVerifyClientCert.
            return cas.isEmpty() ? ClientAuthType.NoClientCert : ClientAuthType.RequireAndVerifyClientCert;
        }
        ClientAuthType type = ClientAuthType.of(value);
        if (type == null) {
            throw n.error("'" + value + "' is not a client auth type", "use NoClientCert, RequestClientCert, RequireAnyClientCert,"
                    + " VerifyClientCertIfGiven or RequireAndVerifyClientCert");
        }
        return type;
    }

    private static List<String> alpn(ConfigNode n) throws ConfigException {
        if (n.isMissing()) {
            return GoTlsNames.DEFAULT_ALPN;
        }
        List<String> out = new ArrayList<>();
        for (ConfigNode e : n.elements()) {
            String p = e.requiredString().strip();
            if (p.length() > 255) {
                throw e.error("is longer than 255 bytes, the most an ALPN protocol name may have", "use a protocol name such as h2");
            }
            out.add(p);
        }
        return out;
    }
}
