package io.jwtgate.gateway.server.tls;

import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.gateway.pem.PemKeyStores;
import io.jwtgate.gateway.pem.PemText;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key managers for PEM certificate and key pairs, and the lookup of the one for a server name.
 *
 * <p>Each pair is the one entry of an in-memory JKS store ({@link PemKeyStores}: why not Vert.x's PEM options).
 *
 * <p>Names are read as Vert.x read them (DNS subject alternative names and the subject's common names; {@code *.}
 * covers one label; a name two certificates share goes to the later one), lower-cased: DNS names are
 * case-insensitive and the SNI lookup lower-cases the name a client sends.
 */
final class PemKeyManagers {

    private static final Logger LOG = LoggerFactory.getLogger(PemKeyManagers.class);
    private static final int DNS_NAME = 2;

    private PemKeyManagers() {}

    /** The key managers of one certificate chain and its key. */
    static KeyManagerFactory of(TlsCertificates.PemPair pair) throws GeneralSecurityException, IOException {
        return of(chain(pair), key(pair));
    }

    /** The key managers by server name (lower case, no trailing dot); null for a name no certificate covers (or whose pair did not load). */
    static Function<String, KeyManagerFactory> byServerName(List<TlsCertificates.PemPair> pairs) {
        Map<String, KeyManagerFactory> exact = new HashMap<>();
        Map<String, KeyManagerFactory> wildcard = new HashMap<>(); // by the parent domain: "*.example.com" under "example.com"
        for (TlsCertificates.PemPair pair : pairs) {
            X509Certificate[] chain;
            List<String> names;
            KeyManagerFactory factory;
            try {
                chain = chain(pair);
                names = names(chain[0]);
                if (names.isEmpty()) {
                    continue; // no name to serve it for (as Vert.x)
                }
                factory = of(chain, key(pair));
            } catch (GeneralSecurityException | IOException e) {
                // The runtime reports and drops configured pairs that do not load (PemText.checkPair); this one name set
                // goes without rather than the whole entry point.
                LOG.error("a TLS certificate is not served: {}", e.getMessage());
                continue;
            }
            for (String name : names) {
                if (name.startsWith("*.")) {
                    wildcard.put(name.substring(2), factory);
                } else {
                    exact.put(name, factory);
                }
            }
        }
        return name -> {
            KeyManagerFactory found = exact.get(name);
            int dot = name.indexOf('.');
            return found != null || dot < 0 ? found : wildcard.get(name.substring(dot + 1));
        };
    }

    private static KeyManagerFactory of(X509Certificate[] chain, PrivateKey key) throws GeneralSecurityException, IOException {
        return PemKeyStores.keyManagers(chain, key);
    }

    private static X509Certificate[] chain(TlsCertificates.PemPair pair) throws GeneralSecurityException {
        return PemKeyStores.chain(pair.certificatePem());
    }

    private static PrivateKey key(TlsCertificates.PemPair pair) throws IOException {
        return PemText.privateKey(pair.keyPem());
    }

    /** The DNS names of the certificate's subject alternative names, then the subject's common names, lower-cased. */
    static List<String> names(X509Certificate certificate) throws CertificateParsingException {
        List<String> names = new ArrayList<>();
        if (certificate.getSubjectAlternativeNames() != null) {
            for (List<?> san : certificate.getSubjectAlternativeNames()) {
                if (san.size() == 2 && san.get(0) instanceof Integer type && type == DNS_NAME) {
                    names.add(san.get(1).toString().toLowerCase(Locale.ROOT));
                }
            }
        }
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        for (RDN cn : subject.getRDNs(BCStyle.CN)) {
            names.add(IETFUtils.valueToString(cn.getFirst().getValue()).toLowerCase(Locale.ROOT));
        }
        return names;
    }
}
