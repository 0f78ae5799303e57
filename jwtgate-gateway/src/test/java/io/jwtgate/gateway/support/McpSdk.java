package io.jwtgate.gateway.support;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The official MCP TypeScript SDK ({@code @modelcontextprotocol/sdk} from npm) as test parts: the
 * scripts and the locked {@code package.json} of {@code src/test/mcp/} are copied to
 * {@code target/mcp-sdk/} and installed there with {@code npm ci} (again only when the lock
 * changes); {@link #startServer} runs the SDK's MCP server, {@link #runClient} its client.
 * Without node and npm, or when {@code npm ci} fails (no registry), the test is skipped, except
 * under {@code CI=true} ({@link RequiredInCi}; {@code .ci/run} installs Debian's nodejs and npm).
 */
public final class McpSdk {

    private static final Pattern LISTENING = Pattern.compile("MCP server listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Path dir;
    private final String node;

    private McpSdk(Path dir, String node) {
        this.dir = dir;
        this.node = node;
    }

    /** Copies and installs the SDK's scripts (once per lock file), or skips/fails as the class says. */
    public static synchronized McpSdk install() throws Exception {
        String node = onPath("node");
        String npm = onPath("npm");
        Path source = Path.of(System.getProperty("jwtgate.test.mcpSdkDir", "src/test/mcp")).toAbsolutePath();
        Path dir = Path.of(System.getProperty("jwtgate.test.buildDirectory", "target")).toAbsolutePath().resolve("mcp-sdk");
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches(".*\\.(mjs|json)")).toList()) {
                Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String lock = Files.readString(dir.resolve("package-lock.json"));
        Path installed = dir.resolve("node_modules/.installed-lock.json");
        if (!Files.exists(installed) || !Files.readString(installed).equals(lock)) {
            Result result = run(List.of(npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"), dir, Map.of(), 10);
            if (result.exit() != 0) {
                throw RequiredInCi.missing("npm ci of the MCP SDK in " + dir + " failed (exit " + result.exit() + "): " + result.stderr());
            }
            Files.writeString(installed, lock);
        }
        return new McpSdk(dir, node);
    }

    /** Starts the SDK's MCP server of {@code mcp-server.mjs} on an ephemeral port; it logs every message it receives. */
    public Server startServer() throws Exception {
        Path callLog = Files.createTempFile(dir, "calls-", ".jsonl");
        Path out = Files.createTempFile(dir, "server-", ".log");
        Process process = new ProcessBuilder(node, "mcp-server.mjs", "0", callLog.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(out));
            if (m.find()) {
                return new Server(process, Integer.parseInt(m.group(1)), callLog, out);
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the SDK's MCP server did not start: " + Files.readString(out));
    }

    /**
     * Runs the SDK's client of {@code mcp-client.mjs} with {@code plan} (see the script) and
     * returns its report; {@code env} adds variables such as {@code NODE_EXTRA_CA_CERTS}.
     */
    public JsonObject runClient(JsonObject plan, Map<String, String> env) throws Exception {
        Result result = run(List.of(node, "mcp-client.mjs", plan.encode()), dir, env, 3);
        String last = result.stdout().lines().reduce((a, b) -> b).orElse("");
        if (result.exit() != 0 || !last.startsWith("{")) {
            throw new AssertionError("the SDK's client failed (exit " + result.exit() + "):\n" + result.stdout() + "\n" + result.stderr());
        }
        return new JsonObject(last).put("stderr", result.stderr());
    }

    /** A running MCP server of the SDK. */
    public static final class Server implements AutoCloseable {
        private final Process process;
        private final int port;
        private final Path callLog;
        private final Path out;

        private Server(Process process, int port, Path callLog, Path out) {
            this.process = process;
            this.port = port;
            this.callLog = callLog;
            this.out = out;
        }

        public String url() {
            return "http://127.0.0.1:" + port;
        }

        /** Every JSON-RPC message that reached the server so far: {method, name, id, user, authorization}. */
        public List<JsonObject> received() throws IOException {
            return Files.readAllLines(callLog).stream().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
        }

        /** What the server printed (errors of the SDK, if any). */
        public String output() throws IOException {
            return Files.readString(out);
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(callLog);
            Files.deleteIfExists(out);
        }
    }

    private record Result(int exit, String stdout, String stderr) {}

    private static Result run(List<String> cmd, Path dir, Map<String, String> env, int minutes) throws Exception {
        Path out = Files.createTempFile(dir, "run-", ".out");
        Path err = Files.createTempFile(dir, "run-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish within " + minutes + " min: " + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(d, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw RequiredInCi.missing(program + " is not installed (Debian: apt-get install -y nodejs npm)");
    }
}
