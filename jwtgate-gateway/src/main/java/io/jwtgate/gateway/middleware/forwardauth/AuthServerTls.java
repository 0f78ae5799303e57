package io.jwtgate.gateway.middleware.forwardauth;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.pem.PemClientKeys;
import io.jwtgate.jwt.config.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code tls}: how the middleware's client checks the auth server ({@code ca}, else the system's
 * trust store; {@code insecureSkipVerify} checks nothing) and the certificate it presents
 * ({@code cert} and {@code key}). As in Traefik, each of {@code ca}, {@code cert} and {@code key}
 * is a file path or the PEM text itself; a Kubernetes Middleware gives them through Secrets
 * ({@code caSecret}, {@code certSecret}), which the CRD translation turns into secret references.
 * Everything is loaded and checked when the middleware is built: a bad certificate disables its
 * routers rather than failing each request.
 *
 * @param caPem   the CA certificates in PEM, or null for the system's trust store
 * @param certPem the client certificate chain in PEM, or null
 * @param keyPem  its private key in PEM, or null
 */
public record AuthServerTls(String caPem, String certPem, String keyPem, boolean insecureSkipVerify) {

    private static final Set<String> KEYS = Set.of("ca", "cert", "key", "insecureSkipVerify", "caOptional", "caSecret", "certSecret");

    @Override
    public String toString() {
        // Never a key in a log line.
        return "AuthServerTls[ca=" + (caPem != null) + ", cert=" + (certPem != null) + ", insecureSkipVerify=" + insecureSkipVerify + "]";
    }

    static AuthServerTls parse(ConfigNode tls, String middleware, BuildContext ctx) throws ConfigException {
        Consumer<String> warnings = ctx.warnings();
        tls.warnUnknownKeys(KEYS, warnings);
        for (String crdOnly : new String[] {"caSecret", "certSecret"}) {
            if (tls.has(crdOnly)) {
                throw tls.get(crdOnly).error("is a field of the Kubernetes Middleware CRD only",
                        "in a file, give " + (crdOnly.equals("caSecret") ? "`ca`" : "`cert` and `key`") + " as a path or as PEM text");
            }
        }
        if (tls.has("caOptional")) {
            warnings.accept(tls.source() + ": " + tls.get("caOptional").path() + ": deprecated and without effect (as in Traefik):"
                    + " client certificate checking is an option of the server, not of this client; remove it");
        }
        String ca = pem(tls.get("ca"), middleware, ctx, "CA");
        String cert = pem(tls.get("cert"), middleware, ctx, "certificate");
        String key = pem(tls.get("key"), middleware, ctx, "key");
        if ((cert == null) != (key == null)) {
            throw tls.error("both TLS cert and key must be defined", "set both `cert` and `key`, or neither");
        }
        AuthServerTls parsed = new AuthServerTls(ca, cert, key, tls.get("insecureSkipVerify").bool(false));
        parsed.check(tls, ctx.vertx());
        return parsed;
    }

    /** Puts the trust and the client certificate on the options of the middleware's client. */
    void applyTo(HttpClientOptions options) {
        if (insecureSkipVerify) {
            options.setTrustAll(true).setVerifyHost(false);
        } else if (caPem != null) {
            options.setTrustOptions(trust());
        }
        if (certPem != null) {
            options.setKeyCertOptions(keyCert());
        }
    }

    private PemTrustOptions trust() {
        return new PemTrustOptions().addCertValue(Buffer.buffer(caPem));
    }

    private PemClientKeys keyCert() {
        return PemClientKeys.of(certPem, keyPem);
    }

    /** Loads what Vert.x will load on the first connection, so that a bad PEM is a configuration error. */
    private void check(ConfigNode tls, Vertx vertx) throws ConfigException {
        if (caPem != null) {
            try {
                trust().getTrustManagerFactory(vertx);
            } catch (Exception e) {
                throw tls.get("ca").error("failed to parse CA: " + e.getMessage(), "give PEM certificates (-----BEGIN CERTIFICATE-----)");
            }
        }
        if (certPem != null) {
            try {
                keyCert().getKeyManagerFactory(vertx);
            } catch (Exception e) {
                throw tls.get("cert").error("cannot load the client certificate and key: " + e.getMessage(),
                        "give a PEM certificate chain and its private key (PKCS#8, PKCS#1 RSA or SEC1 EC)");
            }
        }
    }

    /** The PEM of an option: a secret reference resolved, then, as Traefik's {@code ClientTLS}, the file it names or the text itself. */
    private static String pem(ConfigNode node, String middleware, BuildContext ctx, String what) throws ConfigException {
        String value = node.string("");
        if (value.isEmpty()) {
            return null;
        }
        if (ctx.secrets() != null) {
            try {
                String resolved = ctx.secrets().resolve(middleware, value);
                if (resolved != null) {
                    value = resolved;
                }
            } catch (Exception e) {
                throw node.error(e.getMessage(), "check the Secret the " + what + " comes from");
            }
        }
        if (value.contains("-----BEGIN")) {
            return value;
        }
        try {
            Path file = Path.of(value);
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
        } catch (InvalidPathException | IOException e) {
            throw node.error("cannot read the " + what + " file: " + e.getMessage(), "check the path and its permissions");
        }
        // The value is not shown for the key: it may be the key itself, mangled.
        String shown = what.equals("key") ? "" : " " + value;
        throw node.error(what + " file" + shown + " does not exist (and the value is no PEM text)",
                "give the path of a PEM file, or the PEM text itself");
    }
}
