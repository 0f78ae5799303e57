package io.jwtgate.gateway.runtime.tls;

import io.jwtgate.gateway.config.dynamic.TlsOptionsConfig;
import io.jwtgate.gateway.pem.PemText;
import io.jwtgate.jwt.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns validated options into {@link TlsChoice}s: reads the client CA files (blocking I/O, done
 * when the runtime is built, never on an event loop). An unreadable or invalid CA makes the
 * options refuse their connections: a mutual-TLS setting must never fall back to accepting anyone.
 */
public final class TlsOptionsCompiler {

    private TlsOptionsCompiler() {}

    /** @param report told about what makes the options unusable (beyond the configuration errors already reported) */
    public static TlsChoice compile(TlsOptionsConfig config, Consumer<ConfigException> report) {
        if (config.error() != null) {
            return new TlsChoice.Refuse(config.name(), config.error().getMessage());
        }
        List<X509Certificate> cas = new ArrayList<>();
        for (TlsOptionsConfig.CaFile ca : config.caFiles()) {
            try {
                List<X509Certificate> found = PemText.certificates(PemText.read(ca.value(), config.source()));
                if (found.isEmpty()) {
                    throw new CertificateException("no PEM CERTIFICATE block in " + describe(ca));
                }
                cas.addAll(found);
            } catch (IOException | CertificateException e) {
                ConfigException c = new ConfigException(config.source(), ca.origin(), "cannot read the client CA "
                        + describe(ca) + ": " + e.getMessage(), "give a readable PEM file of CA certificates (or the PEM text);"
                        + " until then connections using TLS options '" + config.name() + "' are refused");
                report.accept(c);
                return new TlsChoice.Refuse(config.name(), c.getMessage());
            }
        }
        return new TlsChoice.Use(new TlsOptions(config, cas, new TlsOptionsRef(config.name(), digest(config, cas))));
    }

    private static String describe(TlsOptionsConfig.CaFile ca) {
        return PemText.inline(ca.value()) ? "(inline PEM)" : ca.value();
    }

    private static String digest(TlsOptionsConfig config, List<X509Certificate> cas) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(config.settings().getBytes(StandardCharsets.UTF_8));
            for (X509Certificate ca : cas) {
                sha.update(ca.getEncoded());
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
