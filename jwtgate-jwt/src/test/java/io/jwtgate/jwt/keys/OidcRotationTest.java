package io.jwtgate.jwt.keys;

import static io.jwtgate.jwt.support.Auth.denied;
import static io.jwtgate.jwt.support.Auth.options;
import static io.jwtgate.jwt.support.Auth.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.jwt.AuthOutcome;
import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.FetchFailure;
import io.jwtgate.jwt.JwtAuthenticator;
import io.jwtgate.jwt.JwtConfig;
import io.jwtgate.jwt.KeySetStatus;
import io.jwtgate.jwt.support.Auth;
import io.jwtgate.jwt.support.MiniOidcServer;
import io.jwtgate.jwt.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real OpenID provider in process ({@link MiniOidcServer}: discovery, JWKS, RS256 tokens) rotating its
 * signing key, verified through {@code oidcIssuer} (discovery) and through {@code jwksUrl}.
 */
class OidcRotationTest {

    final MutableClock clock = new MutableClock(Instant.now());
    MiniOidcServer idp;
    JwtAuthenticator auth;

    @BeforeEach
    void start() throws Exception {
        idp = new MiniOidcServer(600);
    }

    @AfterEach
    void stop() {
        if (auth != null) {
            auth.close();
        }
        idp.close();
    }

    JwtAuthenticator create(Map<String, Object> options) throws Exception {
        auth = JwtAuthenticator.create(JwtConfig.fromMap(options), Auth.env(clock));
        return auth;
    }

    String token() {
        return idp.token("alice", clock.epochSeconds());
    }

    @Test
    void rotatedKeyIsAcceptedOnTheFirstRequestAndARemovedKeyIsRejectedOnceTheSetExpired() throws Exception {
        create(options("oidcIssuer", idp.issuer()));
        String oldToken = token();
        assertThat(run(auth, oldToken)).isInstanceOf(AuthOutcome.Allowed.class);

        idp.rotate();
        String newToken = token();
        assertThat(run(auth, newToken)).as("first request after rotation").isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(idp.jwksHits()).isEqualTo(2);
        assertThat(auth.keySets().get(0).forcedRefreshes()).isEqualTo(1);
        assertThat(run(auth, oldToken)).as("old key still published").isInstanceOf(AuthOutcome.Allowed.class);

        idp.retireOldKeys();
        clock.advance(Duration.ofSeconds(479)); // before the refresh-ahead point (80 % of 600 s)
        assertThat(run(auth, oldToken)).as("cached set still fresh").isInstanceOf(AuthOutcome.Allowed.class);
        clock.advance(Duration.ofSeconds(122)); // past max-age=600: the expired set is refetched before use
        assertThat(denied(run(auth, oldToken)).reason()).isEqualTo(DenyReason.UNKNOWN_KEY);
        assertThat(run(auth, newToken)).isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(auth.keySets().get(0).sortedKids()).containsExactly("key-2");
        // The discovery document is cached like a key set (max-age=600 as well): fetched at start and once after expiry.
        assertThat(idp.discoveryHits()).isEqualTo(2);
    }

    @Test
    void oidcIssuerPinsIssAndReportsTheDiscoveredJwksUri() throws Exception {
        create(options("oidcIssuer", idp.issuer()));
        assertThat(run(auth, token())).isInstanceOf(AuthOutcome.Allowed.class);
        String foreign = idp.tokenFor("https://evil.example", "mallory", clock.epochSeconds());
        assertThat(denied(run(auth, foreign)).reason()).isEqualTo(DenyReason.ISSUER_NOT_TRUSTED);
        String trailingSlash = idp.tokenFor(idp.issuer() + "/", "alice", clock.epochSeconds());
        assertThat(denied(run(auth, trailingSlash)).reason()).isEqualTo(DenyReason.ISSUER_NOT_TRUSTED);
        KeySetStatus s = auth.keySets().get(0);
        assertThat(s.kind()).isEqualTo(KeySetStatus.Kind.OIDC_DISCOVERY);
        assertThat(s.source()).isEqualTo(idp.issuer() + "/jwks");
        assertThat(s.issuer()).isEqualTo(idp.issuer());
        assertThat(idp.jwksHits()).isEqualTo(1);
    }

    @Test
    void aDiscoveryDocumentForAnotherIssuerIsRefused() throws Exception {
        idp.announceIssuer("https://someone-else.example");
        create(options("oidcIssuer", idp.issuer()));
        assertThat(denied(run(auth, token())).reason()).isEqualTo(DenyReason.KEYS_UNAVAILABLE);
        KeySetStatus s = auth.keySets().get(0);
        assertThat(s.lastError().cause()).isEqualTo(FetchFailure.INVALID_DISCOVERY);
        assertThat(s.lastError().message()).contains("someone-else");
        assertThat(idp.jwksHits()).isZero();
    }

    @Test
    void rotationThroughAPlainJwksUrl() throws Exception {
        create(options("jwksUrl", idp.issuer() + "/jwks", "claims", "Equals(`iss`, `" + idp.issuer() + "`)"));
        assertThat(run(auth, token())).isInstanceOf(AuthOutcome.Allowed.class);
        idp.rotate();
        assertThat(run(auth, token())).isInstanceOf(AuthOutcome.Allowed.class);
        assertThat(idp.jwksHits()).isEqualTo(2);
        assertThat(idp.discoveryHits()).isZero();
    }
}
