package io.jwtgate.gateway.provider.kubernetes;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.dynamic.TlsOptionsConfig;
import io.jwtgate.gateway.config.dynamic.TlsOptionsParser;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code TLSOption} resources as TLS options, as Traefik's kubernetesCRD provider builds them:
 * named {@code <namespace>-<name>@kubernetescrd}, except one named {@code default}, which is the
 * global default (defined in two namespaces, it is dropped and every connection that would use it is
 * refused). {@code clientAuth.secretNames} are read from the Secrets' {@code tls.ca}, else {@code ca.crt}.
 * A missing Secret is skipped with a warning, as in Traefik, but options whose every CA Secret is
 * missing are invalid: they must not silently stop asking for client certificates.
 */
final class TlsOptionTranslator {

    private final SecretStore secrets;
    private final Consumer<String> warn;

    TlsOptionTranslator(SecretStore secrets, Consumer<String> warn) {
        this.secrets = secrets;
        this.warn = warn;
    }

    void translateAll(Iterable<KubeResource> options, CrdOutput out) {
        List<KubeResource> defaults = new ArrayList<>();
        for (KubeResource o : options) {
            String name = o.name().equals(TlsOptionsConfig.DEFAULT) ? TlsOptionsConfig.DEFAULT : CrdNames.qualified(o.namespace(), o.name());
            if (name.equals(TlsOptionsConfig.DEFAULT)) {
                defaults.add(o);
            }
            out.tlsOptions.put(name, translate(name, o, out));
        }
        if (defaults.size() > 1) {
            List<String> namespaces = defaults.stream().map(KubeResource::namespace).toList();
            ConfigException e = defaults.get(0).spec().error("a TLSOption named default is defined in several namespaces " + namespaces
                    + ", so none applies: every TLS connection that would use the default options is refused", "keep one of them");
            out.errors.add(e);
            out.tlsOptions.put(TlsOptionsConfig.DEFAULT, TlsOptionsConfig.broken(TlsOptionsConfig.DEFAULT, defaults.get(0).describe(),
                    CrdNames.PROVIDER, e));
        }
    }

    private TlsOptionsConfig translate(String name, KubeResource o, CrdOutput out) {
        try {
            return TlsOptionsParser.parse(name, o.spec(), CrdNames.PROVIDER, new SecretCas(o), warn);
        } catch (ConfigException e) {
            out.errors.add(e);
            return TlsOptionsConfig.broken(name, o.describe(), CrdNames.PROVIDER, e);
        }
    }

    /** {@code clientAuth.secretNames}: the PEM of each Secret of the TLSOption's namespace. */
    private final class SecretCas implements TlsOptionsParser.CaSource {
        private final KubeResource option;

        SecretCas(KubeResource option) {
            this.option = option;
        }

        @Override
        public String key() {
            return "secretNames";
        }

        @Override
        public List<TlsOptionsConfig.CaFile> read(ConfigNode value) throws ConfigException {
            List<TlsOptionsConfig.CaFile> out = new ArrayList<>();
            List<ConfigNode> names = value.elements();
            for (ConfigNode n : names) {
                String secret = n.requiredString();
                Map<String, String> data = secrets.values(option.namespace(), secret);
                String where = "Secret " + option.namespace() + "/" + secret;
                if (data == null) {
                    warn.accept(option.describe() + ": " + n.path() + ": " + where + " does not exist; its CAs are skipped");
                    continue;
                }
                String key = data.containsKey("tls.ca") ? "tls.ca" : data.containsKey("ca.crt") ? "ca.crt" : null;
                if (key == null) {
                    warn.accept(option.describe() + ": " + n.path() + ": " + where + " contains neither tls.ca nor ca.crt; it is skipped");
                    continue;
                }
                String pem = data.get(key);
                if (pem == null || pem.isBlank()) {
                    throw n.error(where + " has an empty or undecodable " + key, "put the PEM CA certificates in " + key);
                }
                out.add(new TlsOptionsConfig.CaFile(pem, n.path() + " (" + where + " " + key + ")"));
            }
            if (!names.isEmpty() && out.isEmpty()) {
                throw value.error("none of the Secrets " + names.stream().map(ConfigNode::toPlain).toList() + " of namespace "
                                + option.namespace() + " holds client CAs, so client certificates could not be verified",
                        "create them with a tls.ca (or ca.crt) key, or remove clientAuth.secretNames");
            }
            return out;
        }
    }
}
