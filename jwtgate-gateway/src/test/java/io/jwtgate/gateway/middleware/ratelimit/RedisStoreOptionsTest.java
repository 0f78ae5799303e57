package io.jwtgate.gateway.middleware.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.config.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The two shapes of Redis options (Traefik's {@code rateLimit.redis}, Traefik Hub's {@code store.redis}), their defaults and checks. */
class RedisStoreOptionsTest {

    static final int DEFAULT_POOL = 10 * Runtime.getRuntime().availableProcessors();

    final List<String> warnings = new ArrayList<>();
    final BuildContext ctx = new BuildContext(null, warnings::add, (middleware, value) -> null);

    RedisStoreOptions traefik(String yaml) throws Exception {
        return RedisStoreOptions.parseTraefik(node(yaml), "m@file", ctx);
    }

    RedisStoreOptions hub(String yaml) throws Exception {
        return RedisStoreOptions.parseHub(node(yaml), "m@file", ctx);
    }

    static ConfigNode node(String yaml) throws Exception {
        return new ConfigNode(new YAMLMapper().readTree(yaml), "test.yml", "redis");
    }

    /** Columns: options, endpoints, cluster, db, pool size, read, write, dial, command timeout ("-": the default pool). */
    @ParameterizedTest(name = "traefik {0}")
    @CsvSource(delimiter = '|', value = {
            "{}                                       | localhost:6379        | false | 0 | - | 3s | 3s | 5s | 6s",
            "{endpoints: []}                          | localhost:6379        | false | 0 | - | 3s | 3s | 5s | 6s",
            "{endpoints: ['r:1'], db: 4}              | r:1                   | false | 4 | - | 3s | 3s | 5s | 6s",
            "{endpoints: ['a:1', '[::1]:2']}          | a:1 [::1]:2           | true  | 0 | - | 3s | 3s | 5s | 6s",
            "{poolSize: 5}                            | localhost:6379        | false | 0 | 5 | 3s | 3s | 5s | 6s",
            "{poolSize: 5, maxActiveConns: 8}         | localhost:6379        | false | 0 | 8 | 3s | 3s | 5s | 6s",
            "{readTimeout: 0s}                        | localhost:6379        | false | 0 | - | 0s | 3s | 5s | 0s",
            "{readTimeout: 250ms, writeTimeout: 0s}   | localhost:6379        | false | 0 | - | 250ms | 0s | 5s | 250ms",
            "{dialTimeout: 0s}                        | localhost:6379        | false | 0 | - | 3s | 3s | 5s | 6s",
            "{dialTimeout: 2, readTimeout: 1}         | localhost:6379        | false | 0 | - | 1s | 3s | 2s | 4s",
    })
    void traefikShape(String yaml, String endpoints, boolean cluster, int db, String pool, String read, String write, String dial,
                      String command) throws Exception {
        RedisStoreOptions o = traefik(yaml);
        assertThat(o.endpoints()).containsExactly(endpoints.split(" "));
        assertThat(o.cluster()).isEqualTo(cluster);
        assertThat(o.db()).isEqualTo(db);
        assertThat(o.poolSize()).isEqualTo(pool.equals("-") ? DEFAULT_POOL : Integer.parseInt(pool));
        assertThat(o.readTimeout()).isEqualTo(duration(read));
        assertThat(o.writeTimeout()).isEqualTo(duration(write));
        assertThat(o.dialTimeout()).isEqualTo(duration(dial));
        assertThat(o.commandTimeout()).isEqualTo(duration(command));
        assertThat(o.tls()).isNull();
        assertThat(warnings).isEmpty();
    }

    @ParameterizedTest(name = "hub {0}")
    @CsvSource(delimiter = '|', value = {
            "{endpoints: ['r:1']}                     | r:1     | false | 0 | 3s    | 3s    | 5s",
            "{endpoints: ['r:1'], timeout: 500ms}     | r:1     | false | 0 | 500ms | 0s    | 500ms",
            "{endpoints: ['r:1'], database: 2}        | r:1     | false | 2 | 3s    | 3s    | 5s",
            "{endpoints: ['r:1'], cluster: {}}        | r:1     | true  | 0 | 3s    | 3s    | 5s",
            "{endpoints: ['r:1'], cluster: false}     | r:1     | false | 0 | 3s    | 3s    | 5s",
            "{endpoints: ['a:1', 'b:2']}              | a:1 b:2 | true  | 0 | 3s    | 3s    | 5s",
    })
    void hubShape(String yaml, String endpoints, boolean cluster, int db, String read, String write, String dial) throws Exception {
        RedisStoreOptions o = hub(yaml);
        assertThat(o.endpoints()).containsExactly(endpoints.split(" "));
        assertThat(o.cluster()).isEqualTo(cluster);
        assertThat(o.db()).isEqualTo(db);
        assertThat(o.readTimeout()).isEqualTo(duration(read));
        assertThat(o.writeTimeout()).isEqualTo(duration(write));
        assertThat(o.dialTimeout()).isEqualTo(duration(dial));
        assertThat(o.commandTimeout()).isEqualTo(duration(read).plus(duration(write)));
        assertThat(warnings).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "traefik | {endpoints: ['redis']}                        | redis.endpoints     | is not host:port",
            "traefik | {endpoints: ['redis://r:1']}                  | redis.endpoints     | is not host:port",
            "traefik | {endpoints: ['u:p@r:1']}                      | redis.endpoints     | is not host:port",
            "traefik | {db: -1}                                      | redis.db            | from 0",
            "traefik | {tls: {key: 'k.pem'}}                         | redis.tls           | only one of cert and key",
            "traefik | {password: 'env:JWTGATE_TEST_UNSET_VARIABLE'} | redis.password      | JWTGATE_TEST_UNSET_VARIABLE",
            "hub     | {}                                            | redis.endpoints     | is required",
            "hub     | {endpoints: []}                               | redis.endpoints     | is empty",
            "hub     | {endpoints: ['r:1'], db: 1}                   | redis.db            | database",
            "hub     | {endpoints: ['r:1'], sentinel: {masterSet: m}} | redis.sentinel     | Sentinel is not supported",
    })
    void refused(String shape, String yaml, String path, String problem) {
        assertThatThrownBy(() -> {
            if (shape.equals("hub")) {
                hub(yaml);
            } else {
                traefik(yaml);
            }
        }).isInstanceOf(ConfigException.class).hasMessageContaining("test.yml").hasMessageContaining(path).hasMessageContaining(problem);
    }

    @Test
    void ignoredSettingsAreReported() throws Exception {
        traefik("{endpoints: ['a:1', 'b:2'], db: 3, minIdleConns: 2, dialTimout: 1s}");
        assertThat(warnings).hasSize(3)
                .anyMatch(w -> w.contains("redis.minIdleConns") && w.contains("ignored"))
                .anyMatch(w -> w.contains("redis.db") && w.contains("Redis Cluster has only database 0"))
                .anyMatch(w -> w.contains("redis.dialTimout") && w.contains("did you mean 'dialTimeout'"));
    }

    @Test
    void thePasswordNeverShows() throws Exception {
        RedisStoreOptions o = traefik("{endpoints: ['r:1'], username: alice, password: hunter2-secret}");
        assertThat(o.password()).isEqualTo("hunter2-secret");
        assertThat(o.toString()).contains("r:1").contains("alice").contains("with a password").doesNotContain("hunter2");
        assertThat(o.describe()).doesNotContain("hunter2").doesNotContain("alice");
        assertThat(RedisBuckets.redisOptions(o).getEndpoints()).allMatch(e -> !e.contains("hunter2") && !e.contains("alice"));
    }

    @Test
    void connectionStringsCarryTheDatabaseExceptInACluster() throws Exception {
        assertThat(RedisBuckets.redisOptions(traefik("{endpoints: ['r:1'], db: 5}")).getEndpoints()).containsExactly("redis://r:1/5");
        assertThat(RedisBuckets.redisOptions(traefik("{endpoints: ['r:1']}")).getEndpoints()).containsExactly("redis://r:1");
        assertThat(RedisBuckets.redisOptions(traefik("{endpoints: ['a:1', 'b:2'], db: 5}")).getEndpoints())
                .containsExactly("redis://a:1", "redis://b:2");
    }

    private static Duration duration(String text) {
        return GoDuration.parse(text);
    }
}
