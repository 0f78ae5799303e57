package io.jwtgate.gateway.middleware.passtlsclientcert;

import io.jwtgate.gateway.http.GoUrl;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * Traefik's {@code getSANs}: the subject alternative names grouped as Go's x509 parser sorts them,
 * DNS names, then e-mail addresses, then IP addresses, then URIs, each group in the order of the
 * certificate. IPs are written as Go's {@code net.IP.String()} (dotted IPv4, also for an
 * IPv4-mapped IPv6 address; RFC 5952 IPv6), URIs as Go's {@code url.URL.String()} of the parsed URI.
 */
final class SubjectAltNames {

    private SubjectAltNames() {}

    static List<String> of(Extensions extensions) {
        List<String> dns = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        GeneralNames names = extensions == null ? null : GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
        if (names != null) {
            for (GeneralName name : names.getNames()) {
                switch (name.getTagNo()) {
                    case GeneralName.dNSName -> dns.add(ia5(name));
                    case GeneralName.rfc822Name -> emails.add(ia5(name));
                    case GeneralName.iPAddress -> {
                        String ip = ip(ASN1OctetString.getInstance(name.getName()).getOctets());
                        if (ip != null) {
                            ips.add(ip);
                        }
                    }
                    case GeneralName.uniformResourceIdentifier -> uris.add(uri(ia5(name)));
                    default -> { } // other names: Go keeps none of them
                }
            }
        }
        List<String> out = new ArrayList<>(dns.size() + emails.size() + ips.size() + uris.size());
        out.addAll(dns);
        out.addAll(emails);
        out.addAll(ips);
        out.addAll(uris);
        return out;
    }

    /** Go's {@code net.IP.String()} of a 4- or 16-byte address; null for another length (Go refuses the certificate). */
    static String ip(byte[] address) {
        if (address.length != 4 && address.length != 16) {
            return null;
        }
        try {
            // getByAddress turns an IPv4-mapped address into its IPv4 form, as Go's To4 does.
            return NetUtil.toAddressString(InetAddress.getByAddress(address));
        } catch (UnknownHostException e) {
            return null; // unreachable: the length is checked
        }
    }

    /** As Go writes back the URL it parsed; as written when Go's parser would refuse it (Go then refuses the certificate). */
    private static String uri(String raw) {
        try {
            return GoUrl.parse(raw).toString();
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    private static String ia5(GeneralName name) {
        return ASN1IA5String.getInstance(name.getName()).getString();
    }
}
