package io.jwtgate.jwt.keys;

import static io.jwtgate.jwt.support.Auth.options;
import static io.jwtgate.jwt.support.Auth.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.jwtgate.jwt.AuthOutcome;
import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.JwtAuthenticator;
import io.jwtgate.jwt.support.Auth;
import io.jwtgate.jwt.support.MutableClock;
import io.jwtgate.jwt.support.TestKeys;
import io.jwtgate.jwt.support.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A jwksFile path is re-read when its modification time changes, at most every 5 s. */
class JwksFileReloadTest {

    static void write(Path file, KeyPair pair, String kid, long mtimeSeconds) throws Exception {
        Files.writeString(file, new JWKSet(new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid).build()).toString());
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(mtimeSeconds)));
    }

    static String token(KeyPair pair, String kid) {
        return Tokens.jca("SHA256withRSA", pair.getPrivate(), "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", "{}");
    }

    @Test
    void rotatedFileIsPickedUpAfterTheCheckInterval(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwks.json");
        write(file, TestKeys.RSA_2048, "a", 1_000);
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        JwtAuthenticator auth = Auth.create(options("jwksFile", file.toString()), clock); // direct executor in tests
        assertThat(run(auth, token(TestKeys.RSA_2048, "a"))).isInstanceOf(AuthOutcome.Allowed.class);
        write(file, TestKeys.RSA_2048_B, "b", 2_000);
        clock.advance(Duration.ofSeconds(2));
        assertThat(Auth.denied(run(auth, token(TestKeys.RSA_2048_B, "b"))).reason()).isEqualTo(DenyReason.UNKNOWN_KEY);
        clock.advance(Duration.ofSeconds(4));
        run(auth, token(TestKeys.RSA_2048_B, "b")); // triggers the check (runs inline with the test executor)
        assertThat(run(auth, token(TestKeys.RSA_2048_B, "b"))).isInstanceOf(AuthOutcome.Allowed.class);
        // A broken file keeps the last good keys.
        Files.writeString(file, "{ broken");
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(3_000)));
        clock.advance(Duration.ofSeconds(6));
        run(auth, token(TestKeys.RSA_2048_B, "b"));
        assertThat(run(auth, token(TestKeys.RSA_2048_B, "b"))).isInstanceOf(AuthOutcome.Allowed.class);
    }
}
