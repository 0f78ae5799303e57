package io.jwtgate.gateway.server;

import io.jwtgate.gateway.runtime.TlsCertificates;
import io.jwtgate.jwt.JwtEngine;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.CompletableFuture;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates the default certificate TLS entry points present when no configured certificate
 * matches, like Traefik's "TRAEFIK DEFAULT CERT": self-signed, so clients must opt in to trust it.
 */
public final class SelfSignedCertificate {

    public static final String COMMON_NAME = "JWTGATE DEFAULT CERT";

    private SelfSignedCertificate() {}

    /**
     * Generated once per process, on first use of {@link #defaultCertificate()}, with ACCP's native EC code when it
     * loaded (the JWT engine loads it at start anyway): the JDK's EC code runs interpreted that early, 130-170 ms of CPU
     * and C2 compilations of its field arithmetic on the core the start shares with the JIT.
     */
    private static final class Shared {
        static final CompletableFuture<TlsCertificates.PemPair> DEFAULT = CompletableFuture.supplyAsync(Shared::generateDefault);

        private static TlsCertificates.PemPair generateDefault() {
            Provider accp = JwtEngine.nativeProvider();
            if (accp != null) {
                try {
                    return generate(accp, COMMON_NAME, "localhost");
                } catch (IllegalStateException e) {
                    // ACCP loaded but refused the key or the signature: the JDK's code does the same, only slower.
                }
            }
            return generate();
        }
    }

    public static TlsCertificates.PemPair generate() {
        return generate(COMMON_NAME, "localhost");
    }

    /**
     * The process's default certificate, generated on another thread from the first call: {@code main}
     * asks for it first thing, so the key generation and BouncyCastle's classes (a signed jar, which no
     * class cache holds) load on the second core while the command line and the configuration are read.
     */
    public static CompletableFuture<TlsCertificates.PemPair> defaultCertificate() {
        return Shared.DEFAULT;
    }

    /** A self-signed certificate for {@code commonName} with these DNS names (and 127.0.0.1). */
    public static TlsCertificates.PemPair generate(String commonName, String... dnsNames) {
        return generate(null, commonName, dnsNames);
    }

    /** The same with {@code provider}'s key generation and signature; null: the JDK's. */
    static TlsCertificates.PemPair generate(Provider provider, String commonName, String... dnsNames) {
        try {
            KeyPairGenerator generator = provider == null ? KeyPairGenerator.getInstance("EC") : KeyPairGenerator.getInstance("EC", provider);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=" + commonName);
            var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))), name, keys.getPublic());
            GeneralName[] names = new GeneralName[dnsNames.length + 1];
            for (int i = 0; i < dnsNames.length; i++) {
                names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
            }
            names[dnsNames.length] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            JcaContentSignerBuilder signer = new JcaContentSignerBuilder("SHA256withECDSA");
            if (provider != null) {
                signer.setProvider(provider);
            }
            X509CertificateHolder cert = builder.build(signer.build(keys.getPrivate()));
            return new TlsCertificates.PemPair(pem(cert), pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate the default TLS certificate: " + e, e);
        }
    }

    private static String pem(Object object) throws java.io.IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
