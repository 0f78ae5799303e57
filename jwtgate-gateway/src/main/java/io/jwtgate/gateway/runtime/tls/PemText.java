package io.jwtgate.gateway.runtime.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM values as Traefik takes them: a file path or the PEM text itself ({@code FileOrContent}). */
public final class PemText {

    private static final Pattern CERTIFICATE = Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);

    private PemText() {}

    /** True when the value is PEM text rather than a path. */
    public static boolean inline(String value) {
        return value.contains("-----BEGIN");
    }

    /** The PEM text: the value itself, or the file it names; relative paths start at the declaring file when it has them. */
    public static String read(String value, String declaringFile) throws IOException {
        if (inline(value)) {
            return value;
        }
        Path p = Path.of(value);
        if (!p.isAbsolute() && declaringFile != null) {
            Path parent = Path.of(declaringFile).toAbsolutePath().getParent();
            if (parent != null && Files.exists(parent.resolve(value))) {
                p = parent.resolve(value);
            }
        }
        return Files.readString(p);
    }

    /**
     * Every {@code CERTIFICATE} block of the text (other blocks are skipped, as Go's {@code AppendCertsFromPEM} does).
     *
     * @throws CertificateException when a certificate block does not parse
     */
    public static List<X509Certificate> certificates(String pem) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = CERTIFICATE.matcher(pem);
        while (m.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(m.group(1).strip());
            } catch (IllegalArgumentException e) {
                throw new CertificateException("a CERTIFICATE block is not base64: " + e.getMessage());
            }
            if (der.length == 0) {
                throw new CertificateException("a CERTIFICATE block is empty");
            }
            out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        return out;
    }
}
