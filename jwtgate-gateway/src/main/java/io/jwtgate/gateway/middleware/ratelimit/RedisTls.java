package io.jwtgate.gateway.middleware.ratelimit;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.middleware.SecretOption;
import io.jwtgate.gateway.pem.PemClientKeys;
import io.jwtgate.jwt.config.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.Set;

/**
 * The {@code tls} block of a Redis store (Traefik's {@code ClientTLS}): {@code ca} to trust instead
 * of the system's roots, {@code cert} and {@code key} for a client certificate, each a PEM value or
 * the path of a PEM file (or a secret reference), and {@code insecureSkipVerify}. The server's
 * certificate is checked against the endpoint's host name unless {@code insecureSkipVerify}.
 */
record RedisTls(String ca, String cert, String key, boolean insecureSkipVerify) {

    static RedisTls parse(ConfigNode n, String middleware, BuildContext ctx) throws ConfigException {
        n.warnUnknownKeys(Set.of("ca", "cert", "key", "insecureSkipVerify"), ctx.warnings());
        RedisTls tls = new RedisTls(SecretOption.resolve(n.get("ca"), middleware, ctx), SecretOption.resolve(n.get("cert"), middleware, ctx),
                SecretOption.resolve(n.get("key"), middleware, ctx), n.get("insecureSkipVerify").bool(false));
        if (tls.cert.isEmpty() != tls.key.isEmpty()) {
            throw n.error("has only one of cert and key", "give both the client certificate (cert) and its private key (key), or neither");
        }
        // Reading the PEM now turns a wrong path or a damaged file into a configuration error, not a 500 per request.
        NetClientOptions probe = new NetClientOptions();
        tls.apply(probe);
        Vertx vertx = ctx.vertx();
        try {
            if (probe.getTrustOptions() != null) {
                probe.getTrustOptions().getTrustManagerFactory(vertx);
            }
        } catch (Exception e) {
            throw n.get("ca").error("cannot be read as PEM certificates: " + e.getMessage(), "give a PEM CA bundle or the path of one");
        }
        try {
            if (probe.getKeyCertOptions() != null) {
                probe.getKeyCertOptions().getKeyManagerFactory(vertx);
            }
        } catch (Exception e) {
            throw n.get("cert").error("cannot be read with its key as a PEM certificate and private key: " + e.getMessage(),
                    "give a PEM certificate and its PEM private key (values or paths)");
        }
        return tls;
    }

    /** Turns TLS on for the Redis connections of {@code o}. */
    void apply(NetClientOptions o) {
        o.setSsl(true);
        if (insecureSkipVerify) {
            o.setTrustAll(true).setHostnameVerificationAlgorithm("");
        } else {
            o.setHostnameVerificationAlgorithm("HTTPS");
            if (!ca.isEmpty()) {
                PemTrustOptions trust = new PemTrustOptions();
                if (isPem(ca)) {
                    trust.addCertValue(Buffer.buffer(ca));
                } else {
                    trust.addCertPath(ca);
                }
                o.setTrustOptions(trust);
            }
        }
        if (!cert.isEmpty()) {
            o.setKeyCertOptions(PemClientKeys.of(cert, key));
        }
    }

    private static boolean isPem(String value) {
        return value.contains("-----BEGIN");
    }

    @Override
    public String toString() {
        return "tls(ca " + (ca.isEmpty() ? "system" : "set") + (cert.isEmpty() ? "" : ", client certificate")
                + (insecureSkipVerify ? ", insecureSkipVerify" : "") + ")";
    }
}
