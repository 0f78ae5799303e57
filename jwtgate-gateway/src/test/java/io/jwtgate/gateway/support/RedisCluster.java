package io.jwtgate.gateway.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Cluster for a test: {@code size} masters on 127.0.0.1 sharing the 16384 slots, no
 * replicas, created with {@code redis-cli --cluster create}. Skipped or failed like {@link RedisServer}
 * when {@code redis-server} is missing.
 */
public final class RedisCluster implements AutoCloseable {

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    public static RedisCluster start(int size) throws Exception {
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                nodes.add(RedisServer.startClusterNode("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                        "--cluster-node-timeout", "5000"));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach(n -> create.add(n.endpoint()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            Process p = new ProcessBuilder(create).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("redis-cli --cluster create failed: " + out);
            }
            RedisCluster cluster = new RedisCluster(nodes);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!cluster.ready()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the cluster did not become ready: " + nodes.getFirst().cli("CLUSTER", "INFO"));
                }
                Thread.sleep(50);
            }
            return cluster;
        } catch (Exception | Error e) {
            for (RedisServer n : nodes) {
                n.close();
            }
            throw e;
        }
    }

    private boolean ready() throws Exception {
        for (RedisServer n : nodes) {
            if (!n.cli("CLUSTER", "INFO").contains("cluster_state:ok")) {
                return false;
            }
        }
        return true;
    }

    public List<RedisServer> nodes() {
        return nodes;
    }

    /** How many keys matching {@code pattern} each node holds, in node order. */
    public List<Integer> keysPerNode(String pattern) throws Exception {
        List<Integer> counts = new ArrayList<>();
        for (RedisServer n : nodes) {
            String out = n.cli("KEYS", pattern);
            counts.add(out.isBlank() ? 0 : (int) out.lines().count());
        }
        return counts;
    }

    @Override
    public void close() throws InterruptedException {
        for (RedisServer n : nodes) {
            n.close();
        }
    }
}
