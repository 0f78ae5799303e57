package io.jwtgate.gateway.support;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} for a test, on 127.0.0.1 and an ephemeral port, without persistence.
 * It can be killed and started again on the same port (Redis going away and coming back). When
 * {@code redis-server} is not installed the test is skipped, except in CI ({@code CI=true}), where
 * it fails: CI must run these tests ({@code .ci/run} installs the Debian package).
 */
public final class RedisServer implements AutoCloseable {

    private final List<String> extraArgs;
    private final boolean tls;
    private final Path dir;
    private int port;
    private Process process;

    private RedisServer(List<String> extraArgs, boolean tls) {
        this.extraArgs = List.copyOf(extraArgs);
        this.tls = tls;
        this.dir = TempDirs.create("redis");
    }

    /** Starts a server; {@code extraArgs} are configuration directives, e.g. {@code "--requirepass", "s3cret"}. */
    public static RedisServer start(String... extraArgs) throws Exception {
        return start(false, false, extraArgs);
    }

    /**
     * Starts a server that speaks only TLS on {@link #port()}; {@code extraArgs} give at least
     * {@code --tls-cert-file} and {@code --tls-key-file}.
     */
    public static RedisServer startTls(String... extraArgs) throws Exception {
        return start(true, false, extraArgs);
    }

    /** Starts a node for a Redis Cluster (see {@link RedisCluster}): its bus port, port + 10000, is free too. */
    static RedisServer startClusterNode(String... extraArgs) throws Exception {
        return start(false, true, extraArgs);
    }

    private static RedisServer start(boolean tls, boolean clusterNode, String... extraArgs) throws Exception {
        String binary = binary();
        RedisServer server = new RedisServer(List.of(extraArgs), tls);
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                server.port = probe.getLocalPort();
            }
            if (clusterNode && !free(server.port + 10_000)) {
                continue;
            }
            try {
                server.launch(binary);
                return server;
            } catch (IOException e) {
                last = e; // the port was taken in between: try another one
            }
        }
        TempDirs.delete(server.dir);
        throw last != null ? last : new IOException("no free port pair for a cluster node");
    }

    private static boolean free(int port) {
        if (port > 65_535) {
            return false;
        }
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The path of redis-server, or a skipped (outside CI) or failed (in CI) test when there is none. */
    public static String binary() {
        return binary(System.getenv());
    }

    /** {@link #binary()} for this environment ({@code PATH}, {@code CI}). */
    static String binary(Map<String, String> env) {
        for (String dir : env.getOrDefault("PATH", "/usr/bin:/usr/sbin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String message = "redis-server is not installed (Debian: apt-get install -y redis-server)";
        if ("true".equalsIgnoreCase(env.get("CI"))) {
            throw new AssertionError(message + "; CI must run the Redis tests, so this fails instead of skipping");
        }
        Assumptions.abort(message + ": skipping the tests that need a real Redis");
        return null;
    }

    private void launch(String binary) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(binary, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", dir.toString(), "--daemonize", "no"));
        cmd.addAll(tls ? List.of("--port", "0", "--tls-port", Integer.toString(port)) : List.of("--port", Integer.toString(port)));
        cmd.addAll(extraArgs);
        Path log = dir.resolve("redis-" + port + ".log");
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            if (Files.readString(log).contains("Ready to accept connections")) {
                return;
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer on port " + port + ": " + Files.readString(log));
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}, as Traefik's {@code endpoints} take it. */
    public String endpoint() {
        return "127.0.0.1:" + port;
    }

    /** Kills the server (SIGKILL: no goodbye to the clients), as a crash or a lost node would. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** Starts it again on the same port, empty (no persistence). */
    public void restart() throws Exception {
        kill();
        launch(binary());
    }

    /** Runs one command with redis-cli (e.g. {@code "KEYS", "rate:*"}) and returns its raw output. */
    public String cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        cmd.addAll(extraArgs.contains("--requirepass") ? List.of("-a", extraArgs.get(extraArgs.indexOf("--requirepass") + 1),
                "--no-auth-warning") : List.of());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("redis-cli " + String.join(" ", args) + " failed: " + out);
        }
        return out.strip();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
        TempDirs.delete(dir);
    }
}
