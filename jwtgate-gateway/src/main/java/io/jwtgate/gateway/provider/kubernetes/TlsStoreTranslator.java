package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.Unsupported;
import io.jwtgate.gateway.config.dynamic.CertificateConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code TLSStore} resources as Traefik's {@code buildTLSStores}: the store named {@code default}
 * (in one namespace only: defined in several, it is dropped, as Traefik does) gives the default
 * certificate ({@code defaultCertificate.secretName}); every store's {@code certificates[].secretName}
 * is served. jwtgate has one store, so certificates of other stores are served from it (reported).
 */
final class TlsStoreTranslator {

    static final String DEFAULT = "default";

    private final SecretStore secrets;
    private final Consumer<String> warn;

    TlsStoreTranslator(SecretStore secrets, Consumer<String> warn) {
        this.secrets = secrets;
        this.warn = warn;
    }

    /** @return the default store's default certificate, or null */
    CertificateConfig translateAll(Iterable<KubeResource> stores, CrdOutput out) {
        List<KubeResource> defaults = new ArrayList<>();
        CertificateConfig defaultCertificate = null;
        for (KubeResource store : stores) {
            ConfigNode spec = store.spec();
            spec.warnUnknownKeys(Set.of("defaultCertificate", "certificates", "defaultGeneratedCert"), warn);
            if (spec.has("defaultGeneratedCert")) {
                warn.accept(Unsupported.message(store.describe(), spec.get("defaultGeneratedCert").path(), "ACME resolvers are not read"
                        + " from TLSStores: set defaultCertificate.secretName"));
            }
            boolean isDefault = store.name().equals(DEFAULT);
            if (isDefault) {
                defaults.add(store);
            } else if (spec.has("certificates") || spec.has("defaultCertificate")) {
                warn.accept(Unsupported.message(store.describe(), "spec", "stores other than 'default': its certificates are served from"
                        + " the default store, its defaultCertificate is not used"));
            }
            try {
                String secret = spec.get("defaultCertificate").get("secretName").string("");
                if (isDefault && !secret.isEmpty()) {
                    defaultCertificate = certificate(secrets, store.namespace(), secret, spec.get("defaultCertificate").get("secretName"));
                }
            } catch (ConfigException e) {
                out.errors.add(e);
                continue; // Traefik skips the store
            }
            try {
                for (ConfigNode c : spec.get("certificates").elements()) {
                    String secret = c.get("secretName").requiredString();
                    try {
                        out.certificates.putIfAbsent(store.namespace() + "/" + secret, certificate(secrets, store.namespace(), secret, c.get("secretName")));
                    } catch (ConfigException e) {
                        out.errors.add(e); // the other certificates are served, as in Traefik
                    }
                }
            } catch (ConfigException e) {
                out.errors.add(e);
            }
        }
        if (defaults.size() > 1) {
            out.errors.add(new ConfigException(defaults.get(1).describe(), "metadata.name", "the default TLSStore is defined in several"
                    + " namespaces " + defaults.stream().map(KubeResource::namespace).toList() + ", so none of them is used",
                    "keep one TLSStore named default"));
            return null;
        }
        return defaultCertificate;
    }

    /** The PEM {@code tls.crt} and {@code tls.key} of a Secret, as Traefik's {@code getCertificateBlocks}. */
    static CertificateConfig certificate(SecretStore secrets, String namespace, String secretName, ConfigNode at) throws ConfigException {
        Map<String, String> values = secrets.values(namespace, secretName);
        if (values == null) {
            throw at.error("Secret " + namespace + "/" + secretName + " does not exist",
                    "create a kubernetes.io/tls Secret there (kubectl -n " + namespace + " create secret tls " + secretName
                            + " --cert=... --key=...); until then the default certificate is served");
        }
        String cert = values.get("tls.crt");
        String key = values.get("tls.key");
        if (cert == null || key == null || cert.isBlank() || key.isBlank()) {
            // As Traefik's getCertificateBlocks: present and not empty; the TLS configuration reports PEM that does not parse.
            throw at.error("Secret " + namespace + "/" + secretName + " has no tls.crt and tls.key", "use a kubernetes.io/tls Secret with both keys");
        }
        return new CertificateConfig(cert, key, "Secret " + namespace + "/" + secretName);
    }
}
