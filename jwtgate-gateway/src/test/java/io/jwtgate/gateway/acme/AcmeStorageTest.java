package io.jwtgate.gateway.acme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.gateway.config.TlsDomain;
import io.jwtgate.gateway.support.TempDirs;
import io.jwtgate.gateway.support.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Traefik's acme.json read and written as Traefik does, and keys in lego's PEM forms. */
class AcmeStorageTest {

    private final Path dir = TempDirs.create("acme-json");

    @AfterEach
    void clean() {
        TempDirs.delete(dir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EC256", "EC384", "RSA2048"})
    void certificateKeysRoundTripInLegosPemForm(String keyType) throws Exception {
        KeyPair keys = AcmeKeys.generate(keyType);
        String pem = AcmeKeys.traditionalPem(keys);
        assertThat(pem).startsWith(keyType.startsWith("EC") ? "-----BEGIN EC PRIVATE KEY-----" : "-----BEGIN RSA PRIVATE KEY-----");
        KeyPair read = AcmeKeys.readKeyPair(pem);
        assertThat(read.getPublic().getEncoded()).isEqualTo(keys.getPublic().getEncoded());
        // The key read signs what the original public key verifies.
        String alg = keyType.startsWith("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        java.security.Signature sign = java.security.Signature.getInstance(alg);
        sign.initSign(read.getPrivate());
        sign.update(new byte[] {1, 2, 3});
        java.security.Signature verify = java.security.Signature.getInstance(alg);
        verify.initVerify(keys.getPublic());
        verify.update(new byte[] {1, 2, 3});
        assertThat(verify.verify(sign.sign())).isTrue();
    }

    @Test
    void accountKeyIsPkcs1AsTraefikStoresIt() throws Exception {
        KeyPair keys = AcmeKeys.generate("RSA2048");
        KeyPair read = AcmeKeys.fromPkcs1(AcmeKeys.pkcs1(keys));
        assertThat(read.getPrivate().getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        assertThat(read.getPublic()).isEqualTo(keys.getPublic());
    }

    /** A file in the shape Traefik v3 writes (its LocalStore's StoredData per resolver), with a second resolver's section. */
    static String traefikFile(String resolver, String certPem, String keyPem, byte[] accountPkcs1) {
        Base64.Encoder b64 = Base64.getEncoder();
        return """
                {
                  "%s": {
                    "Account": {
                      "Email": "ops@example.com",
                      "Registration": {
                        "body": {"status": "valid", "contact": ["mailto:ops@example.com"]},
                        "uri": "https://acme-v02.api.letsencrypt.org/acme/acct/123456"
                      },
                      "PrivateKey": "%s",
                      "KeyType": "4096"
                    },
                    "Certificates": [
                      {
                        "domain": {"main": "legacy.acme.test", "sans": ["www.legacy.acme.test"]},
                        "certificate": "%s",
                        "key": "%s",
                        "Store": "default"
                      },
                      {"domain": {"main": "empty.acme.test"}, "certificate": "", "key": "", "Store": "default"}
                    ]
                  },
                  "other": {"Account": null, "Certificates": null}
                }
                """.formatted(resolver, b64.encodeToString(accountPkcs1), b64.encodeToString(certPem.getBytes(StandardCharsets.UTF_8)),
                b64.encodeToString(keyPem.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsAFileTraefikWroteAndKeepsItsShapeAndOtherSectionsWhenWriting() throws Exception {
        TestPki.Issued ca = TestPki.ca("Legacy CA");
        TestPki.Issued cert = TestPki.server(ca, "legacy.acme.test", "legacy.acme.test", "www.legacy.acme.test");
        byte[] account = AcmeKeys.pkcs1(AcmeKeys.generate("RSA2048"));
        Path file = dir.resolve("acme.json");
        Files.writeString(file, traefikFile("le", cert.chainPem(), cert.keyPem(), account));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        AcmeJson store = new AcmeJson(file);

        AcmeJson.Section le = store.read("le");
        assertThat(le.account().email()).isEqualTo("ops@example.com");
        assertThat(le.account().registrationUri()).isEqualTo("https://acme-v02.api.letsencrypt.org/acme/acct/123456");
        assertThat(le.account().privateKeyPkcs1()).isEqualTo(account);
        assertThat(le.certificates()).hasSize(1); // the empty entry is dropped, as Traefik does
        assertThat(le.certificates().get(0).domain()).isEqualTo(new TlsDomain("legacy.acme.test", List.of("www.legacy.acme.test")));
        assertThat(le.certificates().get(0).certificatePem()).isEqualTo(cert.chainPem());

        store.saveCertificates("le", List.of(le.certificates().get(0),
                new AcmeJson.Stored(new TlsDomain("new.acme.test", List.of()), cert.certificatePem(), cert.keyPem(), "default")));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        String written = Files.readString(file);
        assertThat(written).contains("\"other\"", "\"Account\"", "\"Registration\"", "\"PrivateKey\"", "\"Certificates\"", "\"domain\"",
                "\"main\" : \"new.acme.test\"", "\"Store\" : \"default\"");
        AcmeJson.Section again = new AcmeJson(file).read("le");
        assertThat(again.account().privateKeyPkcs1()).isEqualTo(account);
        assertThat(again.certificates()).extracting(s -> s.domain().main()).containsExactly("legacy.acme.test", "new.acme.test");
    }

    @Test
    void refusesAFileOthersCanRead() throws Exception {
        Path file = dir.resolve("acme.json");
        Files.writeString(file, "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> new AcmeJson(file).read("le")).isInstanceOf(IOException.class)
                .hasMessageContaining("too open, please use 600");
    }

    @Test
    void aNewFileIsWrittenOwnerOnly() throws Exception {
        Path file = dir.resolve("sub/acme.json");
        new AcmeJson(file).saveAccount("le", new AcmeJson.Account("a@b.test", "https://ca.test/acct/1", null, new byte[] {1, 2}));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(new AcmeJson(file).read("le").account().registrationUri()).isEqualTo("https://ca.test/acct/1");
    }
}
