package io.jwtgate.gateway.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Keycloak for a test: the {@code org.keycloak:keycloak-quarkus-dist} zip from Maven
 * Central (version {@code keycloak.version} of the gateway's pom), unpacked under
 * {@code target/keycloak/}, started in dev mode ({@code start-dev}: H2 file database under the
 * distribution's {@code data/}, wiped at each start) on 127.0.0.1 and an ephemeral port, with one
 * realm imported from a JSON resource whose {@code ${NAME}} placeholders are filled in first.
 *
 * <p>The zip comes from the local Maven repository; when it is not there it is fetched with the
 * project's Maven wrapper ({@code dependency:get}). When it cannot be had the test is skipped,
 * except under {@code CI=true}, where it fails ({@link RequiredInCi}). Start it once per test class:
 * a start costs 20 to 60 seconds on two cores.
 */
public final class KeycloakServer implements AutoCloseable {

    private static final String GROUP_PATH = "org/keycloak/keycloak-quarkus-dist";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    private static final Duration STARTUP_LIMIT = Duration.ofMinutes(4);

    private final Path home;
    private final Process process;
    private final int port;
    private final Duration startup;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private KeycloakServer(Path home, Process process, int port, Duration startup, Path log) {
        this.home = home;
        this.process = process;
        this.port = port;
        this.startup = startup;
        this.log = log;
    }

    /**
     * Starts Keycloak with the realm of classpath resource {@code realmResource}; every
     * {@code ${NAME}} in it must be a key of {@code placeholders} (JSON string content, not escaped here).
     */
    public static KeycloakServer start(String realmResource, Map<String, String> placeholders) throws Exception {
        String realm = fill(resource(realmResource), placeholders);
        Path home = distribution();
        long begin = System.nanoTime();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path data = home.resolve("data");
            TempDirs.delete(data);
            Files.createDirectories(data.resolve("import"));
            Files.writeString(data.resolve("import").resolve(Path.of(realmResource).getFileName()), realm);
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            Path log = home.getParent().resolve("keycloak.log"); // kept after the test, for a look at a failure
            Process process = launch(home, port, log);
            try {
                awaitListening(process, log);
                KeycloakServer server = new KeycloakServer(home, process, port, Duration.ofNanos(System.nanoTime() - begin), log);
                server.awaitRealm(realmName(realm));
                return server;
            } catch (PortTaken e) {
                last = e; // taken between the probe and Keycloak's bind: another port
            } catch (Exception e) {
                stop(process);
                throw e;
            }
        }
        throw last;
    }

    /** The issuer of {@code realm}, exactly as Keycloak writes it into {@code iss}. */
    public URI issuer(String realm) {
        return URI.create("http://127.0.0.1:" + port + "/realms/" + realm);
    }

    public URI jwksUrl(String realm) {
        return URI.create(issuer(realm) + "/protocol/openid-connect/certs");
    }

    public URI tokenEndpoint(String realm) {
        return URI.create(issuer(realm) + "/protocol/openid-connect/token");
    }

    /** RFC 7662: Keycloak's token introspection endpoint of {@code realm}. */
    public URI introspectionEndpoint(String realm) {
        return URI.create(tokenEndpoint(realm) + "/introspect");
    }

    /** RFC 7009: revokes {@code token} as the client it was issued to; Keycloak's introspection then says active false. */
    public void revoke(String realm, String clientId, String secret, String token) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/revoke"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("token_type_hint=access_token&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused to revoke the token of " + clientId + ": " + response.statusCode() + " " + response.body());
        }
    }

    public int port() {
        return port;
    }

    /** From launch to the first answer of its HTTP listener, unpacking excluded. */
    public Duration startupTime() {
        return startup;
    }

    /**
     * The token response of a client-credentials grant (client_secret_basic), as a test would get
     * it without an SDK; {@code scope} may be null (only the client's default scopes);
     * {@code moreForm} are further form fields as name, value pairs (e.g. {@code "resource", "https://..."}).
     */
    public JsonObject clientCredentials(String realm, String clientId, String secret, String scope, String... moreForm) throws Exception {
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (scope != null) {
            form.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        for (int i = 0; i + 1 < moreForm.length; i += 2) {
            form.append('&').append(URLEncoder.encode(moreForm[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(moreForm[i + 1], StandardCharsets.UTF_8));
        }
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(tokenEndpoint(realm))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused the client-credentials grant of " + clientId + ": "
                    + response.statusCode() + " " + response.body());
        }
        return new JsonObject(response.body());
    }

    /** The access token of {@link #clientCredentials}. */
    public String accessToken(String realm, String clientId, String secret, String scope) throws Exception {
        return clientCredentials(realm, clientId, secret, scope).getString("access_token");
    }

    /** The claims of a JWT, unverified (the test's own look at what Keycloak issued). */
    public static JsonObject claims(String jwt) {
        String[] parts = jwt.split("\\.");
        return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    /** Whether it runs, and the end of its log: for the message of a failed test. */
    public String describe() {
        try {
            return "Keycloak on port " + port + (process.isAlive() ? " is running" : " exited with " + process.exitValue())
                    + "; its log (" + log + ") ends with:\n" + tail(Files.readString(log));
        } catch (IOException e) {
            return "Keycloak on port " + port + ": " + e;
        }
    }

    @Override
    public void close() throws Exception {
        stop(process);
        TempDirs.delete(home.resolve("data"));
    }

    /** The realm's OpenID configuration answers: the import is done and HTTP is served. */
    private void awaitRealm(String realm) throws Exception {
        URI uri = URI.create(issuer(realm) + "/.well-known/openid-configuration");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
                last = new IOException(uri + " answered " + r.statusCode());
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("realm " + realm + " was not served: " + last + "\n" + describe());
    }

    private static String realmName(String realmJson) {
        return new JsonObject(realmJson).getString("realm");
    }

    // ---- the distribution -----------------------------------------------------------------

    /** The unpacked distribution for this build's Keycloak version, fetched and unpacked at most once. */
    static synchronized Path distribution() throws Exception {
        String version = requiredProperty("jwtgate.test.keycloakVersion");
        Path target = Path.of(System.getProperty("jwtgate.test.buildDirectory", "target")).toAbsolutePath().resolve("keycloak");
        Path home = target.resolve("keycloak-" + version);
        Path marker = home.resolve(".unpacked");
        if (Files.exists(marker)) {
            return home;
        }
        Path zip = zip(version);
        TempDirs.delete(home);
        Files.createDirectories(target);
        unzip(zip, target);
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException(zip + " has no keycloak-" + version + "/bin/kc.sh");
        }
        Files.writeString(marker, zip + "\n");
        return home;
    }

    private static Path zip(String version) throws Exception {
        Path repository = Path.of(System.getProperty("jwtgate.test.localRepository",
                System.getProperty("user.home") + "/.m2/repository"));
        Path zip = repository.resolve(GROUP_PATH).resolve(version).resolve("keycloak-quarkus-dist-" + version + ".zip");
        if (Files.isRegularFile(zip)) {
            return zip;
        }
        Path mvnw = Path.of(System.getProperty("jwtgate.test.mvnw", "../mvnw")).toAbsolutePath().normalize();
        String artifact = "org.keycloak:keycloak-quarkus-dist:" + version + ":zip";
        List<String> cmd = List.of("bash", mvnw.toString(), "-B", "-q", "-ntp", "dependency:get", "-Dtransitive=false",
                "-Dartifact=" + artifact, "-Dmaven.repo.local=" + repository);
        Path out = Files.createTempFile("keycloak-get", ".log");
        try {
            Process get = new ProcessBuilder(cmd).directory(mvnw.getParent().toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            boolean done = get.waitFor(10, TimeUnit.MINUTES);
            if (!done) {
                get.destroyForcibly();
            }
            if (done && get.exitValue() == 0 && Files.isRegularFile(zip)) {
                return zip;
            }
            String output = Files.readString(out);
            throw RequiredInCi.missing("Keycloak " + version + " could not be fetched from Maven Central (" + String.join(" ", cmd)
                    + "): " + output.substring(Math.max(0, output.length() - 2000)));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path to = into.resolve(entry.getName()).normalize();
                if (!to.startsWith(into)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    // ---- the process ------------------------------------------------------------------------

    private static Process launch(Path home, int port, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--hostname-strict=false", "--import-realm"));
        ProcessBuilder builder = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("QUARKUS_")); // only this class configures it
        env.put("JAVA_HOME", System.getProperty("java.home")); // the test's own JDK (21+, as Keycloak 26 needs)
        return builder.start();
    }

    private static void awaitListening(Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log);
            if (!process.isAlive()) {
                if (text.contains("Address already in use") || text.contains("Port already bound")) {
                    throw new PortTaken(text);
                }
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + ":\n" + tail(text));
            }
            if (text.contains("Listening on: http://127.0.0.1:")) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Keycloak did not start within " + STARTUP_LIMIT + ":\n" + tail(Files.readString(log)));
    }

    private static void stop(Process process) throws InterruptedException {
        // kc.sh runs Java as its child: stop the JVM (a clean shutdown), then the script.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 4000));
    }

    private static final class PortTaken extends IOException {
        PortTaken(String log) {
            super("Keycloak's port was taken: " + tail(log));
        }
    }

    // ---- the realm ----------------------------------------------------------------------------

    static String fill(String template, Map<String, String> placeholders) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = placeholders.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("the realm uses ${" + m.group(1) + "}, which the test does not give");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = KeycloakServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no classpath resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run the test through Maven (the gateway's pom sets it)");
        }
        return value;
    }
}
