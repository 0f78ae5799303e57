package io.jwtgate.gateway.middleware.ratelimit;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.middleware.SecretOption;
import io.jwtgate.jwt.config.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Redis that keeps the token buckets shared by all replicas, from Traefik's
 * {@code rateLimit.redis} or Traefik Hub's {@code distributedRateLimit.store.redis}. One endpoint
 * is a single server; several are the seed nodes of a Redis Cluster (as go-redis's universal
 * client, which both use, decides). The password (and TLS key) may be secret references; they
 * never appear in {@link #toString()} or in error messages.
 *
 * @param endpoints      {@code host:port} of each server
 * @param cluster        Redis Cluster mode (several endpoints, or Hub's {@code cluster: {}})
 * @param username       ACL user, empty for the default user
 * @param password       empty for none
 * @param db             database selected after connecting (single server only)
 * @param tls            null for plain TCP
 * @param poolSize       connections per gateway instance, at most
 * @param readTimeout    how long a reply may take; zero for no limit
 * @param writeTimeout   added to {@code readTimeout} for the whole command
 * @param dialTimeout    how long connecting may take
 */
public record RedisStoreOptions(List<String> endpoints, boolean cluster, String username, String password, int db, RedisTls tls,
                                int poolSize, Duration readTimeout, Duration writeTimeout, Duration dialTimeout) {

    /** go-redis's defaults, which Traefik sets explicitly. */
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(3);
    static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(3);
    static final Duration DEFAULT_DIAL_TIMEOUT = Duration.ofSeconds(5);

    public RedisStoreOptions {
        endpoints = List.copyOf(endpoints);
    }

    /** Traefik's {@code rateLimit.redis} (Traefik 3.4 and later). */
    static RedisStoreOptions parseTraefik(ConfigNode n, String middleware, BuildContext ctx) throws ConfigException {
        n.warnUnknownKeys(Set.of("endpoints", "username", "password", "db", "tls", "poolSize", "minIdleConns", "maxActiveConns",
                "readTimeout", "writeTimeout", "dialTimeout"), ctx.warnings());
        List<String> endpoints = endpoints(n.get("endpoints"), false);
        int db = nonNegative(n.get("db"));
        long poolSize = nonNegative(n.get("poolSize"));
        long maxActive = nonNegative(n.get("maxActiveConns"));
        if (nonNegative(n.get("minIdleConns")) > 0) {
            ctx.warnings().accept(n.source() + ": " + n.get("minIdleConns").path()
                    + ": not supported by jwtgate, ignored: connections to Redis are opened when requests need them");
        }
        // go-redis may open more than poolSize unless maxActiveConns caps it; here the pool has a hard
        // size (requests beyond it wait for a free connection), so the cap is maxActiveConns when set.
        int pool = (int) Math.min(1024, maxActive > 0 ? maxActive : poolSize > 0 ? poolSize : 10L * Runtime.getRuntime().availableProcessors());
        Duration read = n.get("readTimeout").duration(DEFAULT_READ_TIMEOUT);
        Duration write = n.get("writeTimeout").duration(DEFAULT_WRITE_TIMEOUT);
        Duration dial = n.get("dialTimeout").duration(DEFAULT_DIAL_TIMEOUT);
        RedisStoreOptions o = new RedisStoreOptions(endpoints, endpoints.size() > 1, SecretOption.resolve(n.get("username"), middleware, ctx),
                SecretOption.resolve(n.get("password"), middleware, ctx), db,
                n.has("tls") ? RedisTls.parse(n.get("tls"), middleware, ctx) : null, pool, read, write,
                dial.isZero() ? DEFAULT_DIAL_TIMEOUT : dial);
        o.warnDbInCluster(n.get("db"), ctx);
        return o;
    }

    /** Traefik Hub's {@code store.redis}. */
    static RedisStoreOptions parseHub(ConfigNode n, String middleware, BuildContext ctx) throws ConfigException {
        n.warnUnknownKeys(Set.of("endpoints", "username", "password", "database", "timeout", "cluster", "sentinel", "tls", "db"),
                ctx.warnings());
        if (n.has("db")) {
            throw n.get("db").error("is not a Traefik Hub option", "write `database:` (Traefik Hub's name for the Redis database number)");
        }
        if (n.has("sentinel")) {
            throw n.get("sentinel").error("Redis Sentinel is not supported by this jwtgate version",
                    "point `endpoints` at the Redis master (or at the seed nodes of a Redis Cluster with `cluster: {}`)");
        }
        if (n.get("endpoints").isMissing()) {
            throw n.get("endpoints").error("is required", "list the Redis servers, e.g. `endpoints: [\"redis.default.svc:6379\"]`");
        }
        List<String> endpoints = endpoints(n.get("endpoints"), true);
        Duration timeout = n.get("timeout").duration(Duration.ZERO);
        boolean timed = !timeout.isZero();
        // Hub enables the cluster client with `cluster: {}`; an explicit `cluster: false` is read as off.
        boolean cluster = n.has("cluster") && !Boolean.FALSE.equals(n.get("cluster").toPlain());
        RedisStoreOptions o = new RedisStoreOptions(endpoints, cluster || endpoints.size() > 1,
                SecretOption.resolve(n.get("username"), middleware, ctx), SecretOption.resolve(n.get("password"), middleware, ctx),
                nonNegative(n.get("database")), n.has("tls") ? RedisTls.parse(n.get("tls"), middleware, ctx) : null,
                // Hub's one timeout bounds dialling and each command (write and read together).
                10 * Runtime.getRuntime().availableProcessors(), timed ? timeout : DEFAULT_READ_TIMEOUT,
                timed ? Duration.ZERO : DEFAULT_WRITE_TIMEOUT, timed ? timeout : DEFAULT_DIAL_TIMEOUT);
        o.warnDbInCluster(n.get("database"), ctx);
        return o;
    }

    private void warnDbInCluster(ConfigNode dbNode, BuildContext ctx) {
        if (cluster && db != 0) {
            ctx.warnings().accept(dbNode.source() + ": " + dbNode.path()
                    + ": ignored: a Redis Cluster has only database 0, which the buckets use");
        }
    }

    private static List<String> endpoints(ConfigNode n, boolean required) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (String e : n.stringList()) {
            String endpoint = e.strip();
            URI uri;
            try {
                uri = URI.create("redis://" + endpoint);
            } catch (IllegalArgumentException ex) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null || uri.getPort() < 0 || !(uri.getPath() == null || uri.getPath().isEmpty())
                    || uri.getUserInfo() != null || uri.getQuery() != null) {
                throw n.error("'" + endpoint + "' is not host:port", "write each endpoint as host:port, e.g. redis.default.svc:6379 or [::1]:6379");
            }
            out.add(endpoint);
        }
        if (out.isEmpty()) {
            if (required) {
                throw n.error("is empty", "list the Redis servers, e.g. `endpoints: [\"redis.default.svc:6379\"]`");
            }
            out.add("localhost:6379"); // Traefik's default
        }
        return out;
    }

    private static int nonNegative(ConfigNode n) throws ConfigException {
        long v = n.integer(0);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw n.error("must be a whole number from 0", "write a number such as 0");
        }
        return (int) v;
    }

    /** How long one command may take in all; zero for no limit (Traefik's {@code readTimeout: 0}). */
    Duration commandTimeout() {
        return readTimeout.isZero() ? Duration.ZERO : readTimeout.plus(writeTimeout);
    }

    /** Where to connect, for log lines and errors: endpoints and mode, never credentials. */
    String describe() {
        return (cluster ? "Redis Cluster " : "Redis ") + String.join(",", endpoints) + (db != 0 && !cluster ? " db " + db : "")
                + (tls == null ? "" : " over TLS");
    }

    @Override
    public String toString() {
        return describe() + (username.isEmpty() ? "" : " as " + username) + (password.isEmpty() ? "" : " with a password");
    }
}
