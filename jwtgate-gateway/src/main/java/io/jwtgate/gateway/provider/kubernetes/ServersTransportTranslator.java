package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.TlsVersion;
import io.jwtgate.gateway.config.statics.ServersTransportConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code ServersTransport} resources as the {@code http.serversTransports} entries a file would hold,
 * named {@code namespace-name@kubernetescrd}, as Traefik's CRD provider builds them: {@code rootCAs}
 * ({@code secret} or {@code configMap}, key {@code tls.ca} then {@code ca.crt}) and the deprecated
 * {@code rootCAsSecrets} become inline PEM; {@code certificatesSecrets} become client certificates
 * ({@code tls.crt}/{@code tls.key}); the other fields are the file's. As in Traefik, a CA or
 * certificate Secret that cannot be read is reported and skipped, an unknown TLS version is dropped.
 * The entry is then read by the same parser as a file's, so both providers accept the same options.
 */
final class ServersTransportTranslator {

    private static final Set<String> KEYS = Set.of("serverName", "insecureSkipVerify", "rootCAs", "rootCAsSecrets", "certificatesSecrets",
            "maxIdleConnsPerHost", "forwardingTimeouts", "disableHTTP2", "peerCertURI", "peerCertSANs", "spiffe", "cipherSuites",
            "minVersion", "maxVersion");
    private static final List<String> COPIED = List.of("serverName", "insecureSkipVerify", "maxIdleConnsPerHost", "forwardingTimeouts",
            "disableHTTP2", "peerCertURI", "peerCertSANs", "spiffe", "cipherSuites");

    private final ResourceSet resources;
    private final SecretStore secrets;
    private final Consumer<String> warn;

    ServersTransportTranslator(ResourceSet resources, SecretStore secrets, Consumer<String> warn) {
        this.resources = resources;
        this.secrets = secrets;
        this.warn = warn;
    }

    void translateAll(Iterable<KubeResource> transports, CrdOutput out) {
        for (KubeResource st : transports) {
            String name = CrdNames.qualified(st.namespace(), st.name());
            try {
                Map<String, Object> options = options(st);
                out.serversTransportOptions.put(name, options);
                out.serversTransports.put(name, ServersTransportConfig.parse(ConfigNode.of(options, st.describe(), "spec"), true, warn));
            } catch (ConfigException e) {
                out.errors.add(e); // the services naming it report it missing: they answer 503
            }
        }
    }

    private Map<String, Object> options(KubeResource st) throws ConfigException {
        ConfigNode spec = st.spec();
        spec.warnUnknownKeys(KEYS, warn);
        Map<String, Object> options = new LinkedHashMap<>();
        for (String key : COPIED) {
            if (spec.has(key)) {
                options.put(key, spec.get(key).toPlain());
            }
        }
        List<String> cas = new ArrayList<>();
        for (ConfigNode secret : spec.get("rootCAsSecrets").elements()) {
            warn.accept(st.describe() + ": " + secret.path() + ": rootCAsSecrets is deprecated (as in Traefik): write rootCAs: [{secret: ...}]");
            addIfRead(cas, ca(st, "Secret", secret.requiredString(), true, secret));
        }
        for (ConfigNode ca : spec.get("rootCAs").elements()) {
            if (ca.has("secret") && ca.has("configMap")) {
                warn.accept(st.describe() + ": " + ca.path() + ": both secret and configMap are set; this CA is skipped (as in Traefik)");
                continue;
            }
            boolean secret = ca.has("secret");
            ConfigNode ref = ca.get(secret ? "secret" : "configMap");
            addIfRead(cas, ca(st, secret ? "Secret" : "ConfigMap", ref.requiredString(), secret, ref));
        }
        if (!cas.isEmpty()) {
            options.put("rootCAs", cas);
        }
        List<Map<String, Object>> certs = new ArrayList<>();
        for (ConfigNode secret : spec.get("certificatesSecrets").elements()) {
            try {
                var cert = TlsStoreTranslator.certificate(secrets, st.namespace(), secret.requiredString(), secret);
                certs.add(Map.of("certFile", cert.certFile(), "keyFile", cert.keyFile()));
            } catch (ConfigException e) {
                warn.accept(e.getMessage() + "; this certificate is skipped (as in Traefik)");
            }
        }
        if (!certs.isEmpty()) {
            options.put("certificates", certs);
        }
        TlsVersion min = version(st, spec.get("minVersion"));
        TlsVersion max = version(st, spec.get("maxVersion"));
        if (min != null && max != null && min.compareTo(max) >= 0) {
            warn.accept(st.describe() + ": spec.minVersion is not below spec.maxVersion: VersionTLS12 and no maximum are used (as in Traefik)");
            min = TlsVersion.ofGoName("VersionTLS12");
            max = null;
        }
        if (min != null) {
            options.put("minVersion", min.goName());
        }
        if (max != null) {
            options.put("maxVersion", max.goName());
        }
        return options;
    }

    private static void addIfRead(List<String> cas, String pem) {
        if (pem != null) {
            cas.add(pem);
        }
    }

    /** A CA from a Secret or ConfigMap ({@code tls.ca}, then {@code ca.crt}; a Secret with one key: that key), or null (reported). */
    private String ca(KubeResource st, String kind, String name, boolean secret, ConfigNode at) {
        Map<String, String> data = secret ? secrets.values(st.namespace(), name) : configMap(st.namespace(), name);
        String where = kind + " " + st.namespace() + "/" + name;
        if (data == null) {
            warn.accept(st.describe() + ": " + at.path() + ": " + where + " does not exist; this CA is skipped (as in Traefik)");
            return null;
        }
        String pem = data.containsKey("tls.ca") ? data.get("tls.ca") : data.get("ca.crt");
        if (pem == null && secret && data.size() == 1) {
            pem = data.values().iterator().next(); // Traefik's backward compatibility: the only key of the Secret
        }
        if (pem == null) {
            warn.accept(st.describe() + ": " + at.path() + ": " + where + " contains neither tls.ca nor ca.crt; this CA is skipped");
        }
        return pem;
    }

    private Map<String, String> configMap(String namespace, String name) {
        KubeResource cm = resources.get(ResourceKind.CONFIG_MAP, namespace, name);
        if (cm == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (cm.object().get("data").toPlain() instanceof Map<?, ?> data) {
            data.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        return out;
    }

    private TlsVersion version(KubeResource st, ConfigNode n) throws ConfigException {
        String written = n.string("");
        if (written.isEmpty()) {
            return null;
        }
        TlsVersion v = TlsVersion.ofGoName(written);
        if (v == null) {
            warn.accept(st.describe() + ": " + n.path() + ": invalid TLS version '" + written + "': not used (as in Traefik)");
        }
        return v;
    }
}
