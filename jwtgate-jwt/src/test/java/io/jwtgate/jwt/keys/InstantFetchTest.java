package io.jwtgate.jwt.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.jwt.JwtStats;
import io.jwtgate.jwt.KeySetStatus;
import io.jwtgate.jwt.config.KeySetPolicy;
import io.jwtgate.jwt.support.MutableClock;
import io.jwtgate.jwt.token.JwsAlgorithm;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A fetch that is over before its completion handler is registered (under load, an HTTP answer can
 * arrive that fast): the forced refetch it served must not stay shared. It did, once, and from then on
 * every unknown kid joined the finished fetch: no cooldown counted, no rotation ever seen.
 */
class InstantFetchTest {

    @Test
    void aForcedRefetchThatEndsAtOnceIsNotSharedAfterwards() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        AtomicInteger loads = new AtomicInteger();
        KeySetLoader instant = now -> {
            int n = loads.incrementAndGet();
            String keys = n < 3 ? "{\"keys\":[" + KeySetFaultsTest.good("a") + "]}"
                    : "{\"keys\":[" + KeySetFaultsTest.good("a") + "," + KeySetFaultsTest.good("z") + "]}";
            return CompletableFuture.completedFuture(new FetchResult.Fetched(URI.create("http://127.0.0.1/jwks"),
                    JwkSetParser.parse(keys, 100, false).keys(), Duration.ofHours(1), List.of()));
        };
        KeySetPolicy policy = KeySetPolicy.defaults();
        RemoteKeySet set = new RemoteKeySet("http://127.0.0.1/jwks", KeySetStatus.Kind.JWKS_URL, null, instant, policy, clock,
                new JwtStats(), "test");
        assertThat(resolve(set, "a")).isInstanceOf(KeyResolution.Found.class);
        assertThat(resolve(set, "x")).isInstanceOf(KeyResolution.Failed.class); // forced refetch, ended at once
        clock.advance(Duration.ofSeconds(1));
        assertThat(resolve(set, "y")).isInstanceOf(KeyResolution.Failed.class); // inside the cooldown: skipped
        clock.advance(policy.unknownKidCooldown());
        assertThat(resolve(set, "z")).as("the rotation is seen after the cooldown").isInstanceOf(KeyResolution.Found.class);
        KeySetStatus status = set.status().get(0);
        assertThat(status.forcedRefreshes()).isEqualTo(2);
        assertThat(status.skippedByCooldown()).isEqualTo(1);
        assertThat(loads).hasValue(3);
        set.close();
    }

    private static KeyResolution resolve(RemoteKeySet set, String kid) throws Exception {
        return set.resolve(new KeyRequest(JwsAlgorithm.RS256, kid, null)).get(5, TimeUnit.SECONDS);
    }
}
