package io.jwtgate.gateway.middleware.passtlsclientcert;

import io.jwtgate.gateway.http.GoUrl;
import io.jwtgate.gateway.middleware.passtlsclientcert.PassTlsClientCertOptions.Info;
import io.jwtgate.gateway.middleware.passtlsclientcert.PassTlsClientCertOptions.NameFields;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * The values of Traefik's two headers for a client's certificate chain (pure functions, on the DER
 * of each certificate in the order the client sent them; Traefik's pass_tls_client_cert.go):
 * <ul>
 *   <li>{@code X-Forwarded-Tls-Client-Cert}: each certificate's PEM without its BEGIN/END lines and
 *       newlines (the base64 of the DER), joined by {@code ,}; not escaped (Traefik stopped
 *       escaping it in v2.9.2).</li>
 *   <li>{@code X-Forwarded-Tls-Client-Cert-Info}: per certificate the selected fields joined by
 *       {@code ;}, in the order {@code Subject="…"}, {@code Issuer="…"}, {@code SerialNumber="…"}
 *       (decimal), {@code NB="…"}, {@code NA="…"} (Unix seconds), {@code SAN="…"} (joined by
 *       {@code ,}); a name or the SANs with nothing to write are left out; certificates joined by
 *       {@code ,}, the whole escaped as Go's {@code url.QueryEscape}.</li>
 * </ul>
 * A name is written {@code DC=…,} for each domain component, then {@code C}, {@code ST}, {@code L},
 * {@code O}, {@code OU} (subject only) for each non-empty value, {@code SN}, {@code CN} when not
 * empty, in this order whatever the certificate's, without the last comma. Values are not quoted
 * or escaped inside the name.
 */
final class ClientCertHeaders {

    static final String CERT = "X-Forwarded-Tls-Client-Cert";
    static final String INFO = "X-Forwarded-Tls-Client-Cert-Info";

    private ClientCertHeaders() {}

    /**
     * The headers the backend gets for this chain (leaf first), in the order Traefik sets them;
     * none for an empty chain (no TLS, or no certificate presented).
     *
     * @throws IllegalArgumentException when a certificate is not DER that BouncyCastle can read
     */
    static Map<String, String> of(PassTlsClientCertOptions options, List<byte[]> chain) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (chain.isEmpty()) {
            return headers;
        }
        if (options.pem()) {
            headers.put(CERT, pem(chain));
        }
        if (options.info() != null) {
            headers.put(INFO, info(chain, options.info()));
        }
        return headers;
    }

    private static String pem(List<byte[]> chain) {
        List<String> values = new ArrayList<>(chain.size());
        for (byte[] der : chain) {
            values.add(Base64.getEncoder().encodeToString(der));
        }
        return String.join(",", values);
    }

    private static String info(List<byte[]> chain, Info info) {
        List<String> certificates = new ArrayList<>(chain.size());
        for (byte[] der : chain) {
            certificates.add(info(Certificate.getInstance(der), info));
        }
        return GoUrl.queryEscape(String.join(",", certificates));
    }

    private static String info(Certificate cert, Info info) {
        List<String> values = new ArrayList<>();
        String subject = name(info.subject(), cert.getSubject());
        if (!subject.isEmpty()) {
            values.add("Subject=\"" + subject + "\"");
        }
        String issuer = name(info.issuer(), cert.getIssuer());
        if (!issuer.isEmpty()) {
            values.add("Issuer=\"" + issuer + "\"");
        }
        if (info.serialNumber()) {
            values.add("SerialNumber=\"" + cert.getSerialNumber().getValue() + "\"");
        }
        if (info.notBefore()) {
            values.add("NB=\"" + unixSeconds(cert.getStartDate().getDate().getTime()) + "\"");
        }
        if (info.notAfter()) {
            values.add("NA=\"" + unixSeconds(cert.getEndDate().getDate().getTime()) + "\"");
        }
        if (info.sans()) {
            List<String> sans = SubjectAltNames.of(cert.getTBSCertificate().getExtensions());
            if (!sans.isEmpty()) {
                values.add("SAN=\"" + String.join(",", sans) + "\"");
            }
        }
        return String.join(";", values);
    }

    /** Go's {@code uint64(t.Unix())}: a time before 1970 wraps around, as in Traefik. */
    private static String unixSeconds(long millis) {
        return Long.toUnsignedString(Math.floorDiv(millis, 1000L));
    }

    private static String name(NameFields fields, X500Name x500) {
        if (fields == null) {
            return "";
        }
        CertificateName name = CertificateName.of(x500);
        StringBuilder out = new StringBuilder();
        if (fields.domainComponent()) {
            for (String dc : name.domainComponents()) {
                out.append("DC=").append(dc).append(','); // written even when empty, as Traefik's loop over the raw names
            }
        }
        if (fields.country()) {
            parts(out, "C", name.country());
        }
        if (fields.province()) {
            parts(out, "ST", name.province());
        }
        if (fields.locality()) {
            parts(out, "L", name.locality());
        }
        if (fields.organization()) {
            parts(out, "O", name.organization());
        }
        if (fields.organizationalUnit()) {
            parts(out, "OU", name.organizationalUnit());
        }
        if (fields.serialNumber()) {
            part(out, "SN", name.serialNumber());
        }
        if (fields.commonName()) {
            part(out, "CN", name.commonName());
        }
        if (!out.isEmpty()) {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    private static void parts(StringBuilder out, String prefix, List<String> values) {
        for (String v : values) {
            part(out, prefix, v);
        }
    }

    private static void part(StringBuilder out, String prefix, String value) {
        if (!value.isEmpty()) {
            out.append(prefix).append('=').append(value).append(',');
        }
    }
}
