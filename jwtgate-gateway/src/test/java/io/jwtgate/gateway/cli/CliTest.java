package io.jwtgate.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI tools run as a user runs them: arguments in, text and exit code out. */
class CliTest {

    static final String SECRET = "cli-test-secret-of-32-bytes-ok!!";

    @TempDir
    static Path dir;
    static Path config;

    record Run(int code, String out) {}

    @BeforeAll
    static void writeConfig() throws Exception {
        config = dir.resolve("traefik.yml");
        Files.writeString(config, """
                entryPoints:
                  web:
                    address: "127.0.0.1:0"
                http:
                  middlewares:
                    api-jwt:
                      plugin:
                        jwt:
                          signingSecret: "%s"
                          forwardHeaders: {X-User: sub}
                          claims: Equals(`iss`, `https://idp.example`) && (Contains(`roles`, `admin`) || Equals(`grp`, `ops`))
                  routers:
                    api: {rule: PathPrefix(`/api`), service: s, middlewares: [api-jwt]}
                  services:
                    s: {loadBalancer: {servers: [{url: "http://127.0.0.1:9"}]}}
                """.formatted(SECRET));
    }

    static synchronized Run run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new Main()).execute(args);
            return new Run(code, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    static String token(String... extra) {
        String[] base = {"token", "--secret", SECRET, "--sub", "alice", "--iss", "https://idp.example"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        Run r = run(all);
        assertThat(r.code()).isZero();
        return r.out().trim();
    }

    @Test
    void trainRunsEveryCommonPathThroughARealGatewayWithExpectedAnswers() {
        // The class cache is only as good as this run: every kind of request must get its expected answer.
        Run r = run("train", "--requests", "3");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("jwtgate train: 18 requests, 0 unexpected answers");
    }

    @Test
    void checkPrintsTheRoutingTableAndSucceedsOnAValidConfiguration() {
        Run r = run("check", "--configFile=" + config);
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Routers on web").contains("api@file").contains("PathPrefix(`/api`)")
                .contains("api-jwt@file").contains("configuration is valid");
    }

    @Test
    void checkFailsWithTheKeyPathOfTheProblem() throws Exception {
        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, Files.readString(config).replace("Equals(`iss`, `https://idp.example`)", "Equals(`iss`, 42)"));
        Run r = run("check", "-c", bad.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("DISABLED").contains("http.middlewares.api-jwt.plugin.jwt.claims").contains("2 problem(s)");
    }

    @Test
    void checkFailsWhenSomethingBehavesDifferentlyFromTraefikAndReportsEachOnce() throws Exception {
        Path differs = dir.resolve("differs.yml");
        Files.writeString(differs, Files.readString(config)
                .replace("api: {rule: PathPrefix(`/api`), service: s, middlewares: [api-jwt]}",
                        "api: {rule: PathPrefix(`/api`), service: s, middlewares: [api-jwt], observability: {accessLogs: false}}\n"
                                + "    api2: {rule: PathPrefix(`/v2`), service: s, observability: {accessLogs: false}}")
                .replace("http:\n", "udp:\n  routers: {}\nhttp:\n"));
        Run r = run("check", "-c", differs.toString());
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("configuration is valid").contains("2 setting(s) behave differently from Traefik")
                .contains("DIFFERS ").contains("udp: not supported by jwtgate");
        assertThat(r.out().lines().filter(l -> l.contains("observability")).toList()).as("one line for both routers")
                .singleElement().asString().contains("http.routers.{api, api2}.observability: not supported by jwtgate");

        Run allowed = run("check", "-c", differs.toString(), "--allow-differences");
        assertThat(allowed.code()).isZero();
        assertThat(allowed.out()).contains("accepted with --allow-differences");
    }

    @Test
    void tokenMintedByTheCliIsAllowedByVerifyWithEveryStepShown() {
        Run r = run("verify", "-c", config.toString(), "--middleware", "api-jwt", token("--claim", "roles=[\"admin\"]"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("algorithm    HS256").contains("signature    verified").contains("forward      X-User: alice")
                .contains("result       ALLOWED");
    }

    @Test
    void verifyExplainsAnExpiredToken() {
        Run r = run("verify", "-c", config.toString(), "-m", "api-jwt@file", token("--ttl", "0", "--claim", "exp=1000", "--claim", "grp=ops"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("exp          1000 = 1970-01-01T00:16:40Z").contains("FAILS").contains("DENIED 401 (EXPIRED)");
    }

    @Test
    void verifyExplainsAWrongKey() {
        String other = run("token", "--secret", "a-completely-different-secret-value").out().trim();
        Run r = run("verify", "-c", config.toString(), "-m", "api-jwt", other);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("signature    not verified").contains("DENIED 401 (BAD_SIGNATURE)");
    }

    @Test
    void verifyPointsAtTheFalseSubExpression() {
        Run r = run("verify", "-c", config.toString(), "-m", "api-jwt", token("--claim", "roles=[\"reader\"]", "--claim", "grp=dev"));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out())
                .contains("true  Equals(\"iss\", \"https://idp.example\")")
                .contains("FALSE Contains(\"roles\", \"admin\")   [claim roles = [\"reader\"]]")
                .contains("FALSE Equals(\"grp\", \"ops\")   [claim grp = \"dev\"]")
                .contains("DENIED 403 (CLAIMS_FALSE)");
    }

    @Test
    void verifyReportsMalformedTokensAndUnknownMiddlewares() {
        Run malformed = run("verify", "-c", config.toString(), "-m", "api-jwt", "not-a-token");
        assertThat(malformed.out()).contains("parse        FAILED: MALFORMED_TOKEN");
        Run unknown = run("verify", "-c", config.toString(), "-m", "nope", "a.b.c");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.out()).contains("no JWT middleware named 'nope'").contains("api-jwt@file");
    }

    /** A JWT middleware that failed to build is named with its own problem, and only with its own (no substring match). */
    @Test
    void verifyAndJwksShowTheProblemOfABrokenMiddleware() throws Exception {
        Path broken = dir.resolve("broken.yml");
        Files.writeString(broken, """
                entryPoints:
                  web:
                    address: "127.0.0.1:0"
                http:
                  middlewares:
                    jwt: {plugin: {jwt: {signingSecret: "%s", clockSkew: soon}}}
                    jwt-other: {plugin: {jwt: {signingSecret: "%s", headerName: "bad header"}}}
                  routers:
                    api: {rule: PathPrefix(`/api`), service: s, middlewares: [jwt, jwt-other]}
                  services:
                    s: {loadBalancer: {servers: [{url: "http://127.0.0.1:9"}]}}
                """.formatted(SECRET, SECRET));
        for (String command : new String[] {"verify", "jwks"}) {
            String[] args = command.equals("verify") ? new String[] {command, "-c", broken.toString(), "-m", "jwt", "a.b.c"}
                    : new String[] {command, "-c", broken.toString(), "-m", "jwt"};
            Run r = run(args);
            assertThat(r.code()).as(command).isEqualTo(2);
            String answer = r.out().substring(r.out().indexOf("ERROR no JWT middleware named 'jwt'")); // after the startup log
            assertThat(answer).as(command).contains("http.middlewares.jwt.plugin.jwt.clockSkew").doesNotContain("headerName");
        }
    }

    @Test
    void jwksExplainsFixedKeys() {
        Run r = run("jwks", "-c", config.toString(), "-m", "api-jwt");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("fixed key from signingSecret");
    }

    @Test
    void verifyExplainsWhatAnMcpMiddlewareDecidesForACall() throws Exception {
        Path mcp = dir.resolve("mcp.yml");
        Files.writeString(mcp, """
                entryPoints:
                  web:
                    address: "127.0.0.1:0"
                http:
                  middlewares:
                    oauth-jwt: {plugin: {jwt: {signingSecret: "%s"}}}
                    mcp-gateway:
                      plugin:
                        mcp:
                          resourceMetadata: {resource: https://api.example.com/mcp, authorizationServers: [https://idp.example]}
                          policies:
                            - {match: "Prefix(`mcp.params.name`, `admin_`)", action: deny}
                            - {match: "Equals(`mcp.method`, `tools/call`) && Contains(`jwt.allowed_tools`, `${mcp.params.name}`)", action: allow}
                  routers:
                    mcp: {rule: Host(`api.example.com`), service: s, middlewares: [oauth-jwt, mcp-gateway]}
                  services:
                    s: {loadBalancer: {servers: [{url: "http://127.0.0.1:9"}]}}
                """.formatted(SECRET));
        String token = token("--aud", "https://api.example.com/mcp", "--claim", "allowed_tools=[\"get_order\"]");
        Run allowed = run("verify", "-c", mcp.toString(), "-m", "oauth-jwt", "--mcp", "mcp-gateway",
                "--call", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_order\"}}", token);
        assertThat(allowed.code()).as(allowed.out()).isZero();
        assertThat(allowed.out()).contains("audience     ok").contains("policies[0] no match").contains("policies[1] MATCHES")
                .contains("-> allow, by policies[1]").contains("result       ALLOWED: the body goes to the MCP server");

        Run refused = run("verify", "-c", mcp.toString(), "-m", "oauth-jwt", "--mcp", "mcp-gateway@file",
                "--call", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"reorder\"}}", token);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.out()).contains("-> DENY, by defaultAction deny").contains("REFUSED 403");

        Run otherAudience = run("verify", "-c", mcp.toString(), "-m", "oauth-jwt", "--mcp", "mcp-gateway",
                "--call", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", token("--aud", "https://elsewhere.example"));
        assertThat(otherAudience.out()).contains("audience     FAILS").contains("REFUSED 401");
        assertThat(run("verify", "-c", mcp.toString(), "-m", "oauth-jwt", "--mcp", "nope", "--call", "{}", token).code()).isEqualTo(2);
    }
}
