package io.jwtgate.gateway.middleware.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.DigestClient;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TempDirs;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code digestAuth} through a running gateway and a real backend, with the cases of Traefik's
 * digest_auth_test.go as data; client responses are computed here (RFC 2617), and by curl when present.
 */
class DigestAuthIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    /** TestDigestAuthUsersFromFile: file content, inline users, realm, and the user:password pairs that must log in. */
    record FileCase(String desc, String fileContent, List<String> givenUsers, String realm, Map<String, String> expectedUsers) {}

    static final List<FileCase> FILE_CASES = List.of(
            new FileCase("Finds the users in the file",
                    "test:traefik:a2688e031edb4be6a3797f3882655c05\ntest2:traefik:518845800f9e2bfb1f1f740ec24f074e\n",
                    List.of(), "", Map.of("test", "test", "test2", "test2")),
            new FileCase("Merges given users with users from the file",
                    "test:traefik:a2688e031edb4be6a3797f3882655c05\n",
                    List.of("test2:traefik:518845800f9e2bfb1f1f740ec24f074e", "test3:traefik:c8e9f57ce58ecb4424407f665a91646c"), "",
                    Map.of("test", "test", "test2", "test2", "test3", "test3")),
            new FileCase("Given users have priority over users in the file",
                    "test:traefik:a2688e031edb4be6a3797f3882655c05\ntest2:traefik:518845800f9e2bfb1f1f740ec24f074e\n",
                    List.of("test2:traefik:8de60a1c52da68ccf41f0c0ffb7c51a0"), "", Map.of("test", "test", "test2", "overridden")),
            new FileCase("Should authenticate the correct user based on the realm",
                    "test:traefik:a2688e031edb4be6a3797f3882655c05\ntest:traefiker:a3d334dff2645b914918de78bec50bf4\n",
                    List.of(), "traefiker", Map.of("test", "test2")));

    static final String TEST_USER = "test:traefik:a2688e031edb4be6a3797f3882655c05"; // test:test

    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        Backend backend = closing.add(Backend.echo("b"));
        Path dir = TempDirs.create("htdigest");
        StringBuilder middlewares = new StringBuilder();
        StringBuilder routers = new StringBuilder();
        for (int i = 0; i < FILE_CASES.size(); i++) {
            FileCase c = FILE_CASES.get(i);
            Path file = dir.resolve("case" + i);
            Files.writeString(file, c.fileContent());
            middlewares.append("    case").append(i).append(": {digestAuth: {usersFile: \"").append(file).append("\", users: ")
                    .append(c.givenUsers().stream().map(u -> "\"" + u + "\"").toList()).append(", realm: \"").append(c.realm()).append("\"}}\n");
            routers.append("    case").append(i).append(": {rule: PathPrefix(`/case").append(i).append("`), service: b, middlewares: [case")
                    .append(i).append("]}\n");
        }
        gw = closing.add(TestGateway.builder().staticYaml("""
                accessLog:
                  filePath: access.log
                  format: json
                """).start("""
                http:
                  middlewares:
                %s
                    plain: {digestAuth: {users: ["%s"]}}
                    canonical: {digestAuth: {users: ["%s"], headerField: x-user}}
                    removed: {digestAuth: {users: ["%s"], removeHeader: true}}
                    strip: {stripPrefix: {prefixes: [/strip]}}
                    comma: {digestAuth: {users: ["test:ops, eu:%s"], realm: "ops, eu"}}
                  routers:
                %s
                    plain: {rule: PathPrefix(`/plain`), service: b, middlewares: [plain]}
                    canonical: {rule: PathPrefix(`/canonical`), service: b, middlewares: [canonical]}
                    removed: {rule: PathPrefix(`/removed`), service: b, middlewares: [removed]}
                    stripped: {rule: PathPrefix(`/strip`), service: b, middlewares: [strip, plain]}
                    comma: {rule: PathPrefix(`/comma`), service: b, middlewares: [comma]}
                  services:
                    b: {loadBalancer: {servers: [{url: "%s"}]}}
                """.formatted(middlewares.toString().stripTrailing(), TEST_USER, TEST_USER, TEST_USER, DigestClient.md5("test:ops, eu:test"),
                routers.toString().stripTrailing(),
                backend.url())));
        assertThat(gw.gateway().problems()).isEmpty();
    }

    static Stream<Arguments> fileCaseLogins() {
        return IntStream.range(0, FILE_CASES.size()).boxed().flatMap(i -> FILE_CASES.get(i).expectedUsers().entrySet().stream()
                .map(e -> Arguments.of(FILE_CASES.get(i).desc(), i, e.getKey(), e.getValue())));
    }

    @ParameterizedTest(name = "{0}: {2}:{3}")
    @MethodSource("fileCaseLogins")
    void usersFromTheFileAndInline(String desc, int index, String user, String password) throws Exception {
        HttpResponse<String> r = DigestClient.get(gw.url("/case" + index), user, password);
        assertThat(r.statusCode()).as("Cannot authenticate user " + user).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getString("backend")).isEqualTo("b");
    }

    @ParameterizedTest(name = "case {0}: user foo is refused")
    @CsvSource({"0", "1", "2", "3"})
    void anUnknownUserIsRefused(int index) throws Exception {
        HttpResponse<String> r = DigestClient.get(gw.url("/case" + index), "foo", "foo");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEqualTo("401 Unauthorized\n").doesNotContain("\"backend\"");
    }

    @Test
    void theChallengeHasGoHttpAuthsFormAndAFreshNonceEachTime() throws Exception {
        HttpResponse<String> first = Http.get(gw.url("/plain"));
        HttpResponse<String> second = Http.get(gw.url("/case3"));
        assertThat(first.statusCode()).isEqualTo(401);
        assertThat(first.body()).isEqualTo("401 Unauthorized\n");
        assertThat(first.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(first.headers().firstValue("WWW-Authenticate")).get().asString()
                .matches("Digest realm=\"traefik\", nonce=\"[A-Za-z0-9+/]{16}\", opaque=\"[A-Za-z0-9+/]{16}\", algorithm=\"MD5\", qop=\"auth\"");
        assertThat(DigestClient.challengeParams(second).get("realm")).isEqualTo("traefiker");
        Map<String, String> again = DigestClient.challenge(gw.url("/plain"));
        Map<String, String> before = DigestClient.challengeParams(first);
        assertThat(again.get("nonce")).isNotEqualTo(before.get("nonce"));
        assertThat(again.get("opaque")).as("one opaque per middleware").isEqualTo(before.get("opaque"));
    }

    @Test
    void basicCredentialsAreRefused() throws Exception { // TestDigestAuthFail
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("test:test".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = Http.get(gw.url("/plain"), "Authorization", basic);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Digest realm=\"traefik\"");
    }

    @Test
    void theUserReplacesTheHeaderFieldAsWrittenAndAuthorizationIsKeptByDefault() throws Exception { // TestDigestAuthUserHeaderCanonical
        JsonObject seen = new JsonObject(DigestClient.get(gw.url("/canonical"), "test", "test", "X-User", "admin").body());
        assertThat(seen.getJsonObject("headers").getJsonArray("x-user").getList()).containsExactly("test");
        assertThat(seen.getJsonObject("headers").getJsonArray("authorization").getString(0)).startsWith("Digest username=\"test\"");
        JsonObject removed = new JsonObject(DigestClient.get(gw.url("/removed"), "test", "test").body());
        assertThat(removed.getJsonObject("headers").containsKey("authorization")).isFalse();
    }

    @Test
    void aNonceCountIsUsedOnceAndMustGrow() throws Exception {
        URI url = gw.url("/plain/counted");
        Map<String, String> challenge = DigestClient.challenge(url);
        String first = DigestClient.authorization(challenge, "test", "test", "GET", "/plain/counted", 1);
        assertThat(Http.get(url, "Authorization", first).statusCode()).isEqualTo(200);
        HttpResponse<String> replay = Http.get(url, "Authorization", first);
        assertThat(replay.statusCode()).as("replayed nc").isEqualTo(401);
        assertThat(replay.headers().firstValue("WWW-Authenticate")).get().asString().doesNotContain("stale");
        String third = DigestClient.authorization(challenge, "test", "test", "GET", "/plain/counted", 3);
        assertThat(Http.get(url, "Authorization", third).statusCode()).as("same nonce, higher nc").isEqualTo(200);
        String second = DigestClient.authorization(challenge, "test", "test", "GET", "/plain/counted", 2);
        HttpResponse<String> stale = Http.get(url, "Authorization", second);
        assertThat(stale.statusCode()).as("out of order").isEqualTo(401);
        assertThat(stale.headers().firstValue("WWW-Authenticate")).get().asString()
                .matches("Digest realm=\"traefik\", nonce=\"[^\"]+\", opaque=\"[^\"]+\", stale=\"true\", algorithm=\"MD5\", qop=\"auth\"");
        Map<String, String> fresh = DigestClient.challengeParams(stale);
        assertThat(fresh.get("nonce")).isNotEqualTo(challenge.get("nonce"));
        String retried = DigestClient.authorization(fresh, "test", "test", "GET", "/plain/counted", 1);
        assertThat(Http.get(url, "Authorization", retried).statusCode()).as("retry with the stale answer's nonce").isEqualTo(200);
        Map<String, String> zero = DigestClient.challenge(url);
        String nc0 = DigestClient.authorization(zero, "test", "test", "GET", "/plain/counted", 0);
        assertThat(Http.get(url, "Authorization", nc0).statusCode()).isEqualTo(200);
        assertThat(Http.get(url, "Authorization", nc0).statusCode()).as("nc=0 cannot be replayed either").isEqualTo(401);
    }

    /** Credentials that are refused although the password is right: what each part of the header is bound to. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "uri of another path                  | /plain/b                  | /plain/a  | 401",
            "uri that is only a prefix of the path | /plain                    | /plain/a  | 401",
            "uri without the query               | /plain/a?x=1              | /plain/a  | 401",
            "uri with the query                  | /plain/a?x=1              | /plain/a?x=1 | 200",
            "absolute-form uri (Traefik's client) | /plain/a                  | ABSOLUTE  | 200",
    })
    void theUriMustBeTheRequestTarget(String desc, String target, String uri, int status) throws Exception {
        URI url = gw.url(target);
        String signed = uri.equals("ABSOLUTE") ? url.toString() : uri;
        String header = DigestClient.authorization(DigestClient.challenge(url), "test", "test", "GET", signed, 1);
        assertThat(Http.get(url, "Authorization", header).statusCode()).isEqualTo(status);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "wrong opaque                 | opaque=\"OPAQUE\"    | opaque=\"forged\"      | 401",
            "algorithm MD5-sess           | algorithm=MD5,      | algorithm=MD5-sess,    | 401",
            "no algorithm (MD5 assumed)    | algorithm=MD5,      | ''                     | 200",
            "qop auth-int                 | qop=auth,           | qop=auth-int,          | 401",
            "no qop (RFC 2069)            | qop=auth,           | ''                     | 401",
            "lower-case scheme            | Digest              | digest                 | 401",
            "nonce not issued here        | nonce=\"NONCE\"      | nonce=\"AAAAAAAAAAAAAAAA\" | 401",
            "nc not hexadecimal           | nc=00000001         | nc=0000000g            | 401",
    })
    void theChallengesParametersAreEnforced(String desc, String from, String to, int status) throws Exception {
        URI url = gw.url("/plain/params");
        Map<String, String> challenge = DigestClient.challenge(url);
        String header = DigestClient.authorization(challenge, "test", "test", "GET", "/plain/params", 1);
        String original = from.replace("OPAQUE", challenge.get("opaque")).replace("NONCE", challenge.get("nonce"));
        assertThat(header).contains(original);
        String changed = header.replace(original, to);
        if (to.startsWith("nonce=")) { // a correct response for the forged nonce: only the nonce store refuses it
            challenge = new java.util.HashMap<>(challenge);
            challenge.put("nonce", "AAAAAAAAAAAAAAAA");
            changed = DigestClient.authorization(challenge, "test", "test", "GET", "/plain/params", 1);
        }
        if (to.startsWith("nc=")) {
            changed = changed.replaceAll("response=\"[0-9a-f]+\"", "response=\"" + DigestClient.response(DigestClient.md5("test:traefik:test"),
                    "GET", "/plain/params", challenge.get("nonce"), "0000000g", "0a4f113b", "auth") + "\"");
        }
        assertThat(Http.get(url, "Authorization", changed).statusCode()).isEqualTo(status);
    }

    @Test
    void theUriIsCheckedAgainstWhatTheClientSentEvenAfterStripPrefix() throws Exception {
        HttpResponse<String> r = DigestClient.get(gw.url("/strip/x?y=1"), "test", "test");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getString("uri")).isEqualTo("/x?y=1");
    }

    @Test
    void aRealmMayHoldACommaInAListedLine() throws Exception {
        assertThat(DigestClient.get(gw.url("/comma"), "test", "test").statusCode()).isEqualTo(200);
    }

    @Test
    void anUnknownUserCannotLogInWithAnEmptyHa1() throws Exception {
        // go-http-auth computes an unknown user's response from an empty HA1, which any client can do too.
        URI url = gw.url("/plain/forged");
        String forged = DigestClient.authorizationWithHa1(DigestClient.challenge(url), "nobody", "", "GET", "/plain/forged", 1);
        assertThat(Http.get(url, "Authorization", forged).statusCode()).isEqualTo(401);
    }

    @Test
    void theUserNameGoesToTheAccessLog() throws Exception {
        assertThat(DigestClient.get(gw.url("/plain/logged"), "test", "test").statusCode()).isEqualTo(200);
        assertThat(DigestClient.get(gw.url("/plain/refused"), "intruder", "x").statusCode()).isEqualTo(401);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        List<JsonObject> lines = new ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            Path log = gw.dir().resolve("access.log");
            lines = Files.exists(log) ? Files.readAllLines(log).stream().map(JsonObject::new).toList() : List.of();
            if (lines.stream().anyMatch(l -> "intruder".equals(l.getString("ClientUsername")))) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.getString("ClientUsername")).isEqualTo("test");
            assertThat(l.getInteger("DownstreamStatus")).isEqualTo(200);
        });
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.getString("ClientUsername")).isEqualTo("intruder");
            assertThat(l.getInteger("DownstreamStatus")).isEqualTo(401);
        });
    }

    @Test
    void theTestClientsMathsIsRfc2617s() {
        // RFC 2617 section 3.5 and RFC 7616 section 3.9.1 (MD5), and go-http-auth's digest_test.go (test:example.com:hello).
        assertThat(DigestClient.response(DigestClient.md5("Mufasa:testrealm@host.com:Circle Of Life"), "GET", "/dir/index.html",
                "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth")).isEqualTo("6629fae49393a05397450978507c4ef1");
        assertThat(DigestClient.response(DigestClient.md5("Mufasa:http-auth@example.org:Circle of Life"), "GET", "/dir/index.html",
                "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "auth"))
                .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
        assertThat(DigestClient.md5("test:example.com:hello")).isEqualTo("aa78524fceb0e50fd8ca96dd818b8cf9");
        assertThat(DigestClient.response("aa78524fceb0e50fd8ca96dd818b8cf9", "GET", "/t2", "Vb9BP/h81n3GpTTB", "00000001", "NjE4MTM2", "auth"))
                .isEqualTo("ffc357c4eba74773c8687e0bc724c9a3");
    }

    @Test
    void curlDigestLogsIn() throws Exception {
        String curl = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).map(p -> Path.of(p, "curl"))
                .filter(Files::isExecutable).map(Path::toString).findFirst().orElse(null);
        assumeTrue(curl != null, "curl is not installed");
        for (String[] login : new String[][] {{"test:test", "200"}, {"test:wrong", "401"}}) {
            Process p = new ProcessBuilder(curl, "--silent", "--digest", "--user", login[0], "--output", "/dev/null",
                    "--write-out", "%{http_code}", gw.url("/plain/curl?q=1").toString()).redirectErrorStream(true).start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).as("curl --digest -u " + login[0])
                    .isEqualTo(login[1]);
        }
    }

    @Test
    void badEntriesAreRefusedOrWarnedAbout() throws Exception { // TestDigestAuthError and what Traefik leaves silent
        try (TestGateway bad = TestGateway.withDynamic("""
                http:
                  middlewares:
                    error: {digestAuth: {users: ["test"]}}
                    none: {digestAuth: {users: []}}
                    elsewhere: {digestAuth: {users: ["test:other:a2688e031edb4be6a3797f3882655c05"]}}
                    mixed: {digestAuth: {users: ["%s", "bob:other:a2688e031edb4be6a3797f3882655c05", "eve:traefik:NOTHEX"]}}
                    secret: {digestAuth: {secret: users}}
                  routers:
                    e: {rule: Path(`/e`), service: s, middlewares: [error]}
                    m: {rule: Path(`/m`), service: s, middlewares: [mixed]}
                  services:
                    s: {loadBalancer: {servers: [{url: "http://127.0.0.1:9"}]}}
                """.formatted(TEST_USER))) {
            assertThat(bad.gateway().problems())
                    .anyMatch(p -> p.contains("http.middlewares.error.digestAuth") && p.contains("user:realm:HA1"))
                    .anyMatch(p -> p.contains("http.middlewares.none.digestAuth") && p.contains("no users for realm 'traefik'"))
                    .anyMatch(p -> p.contains("http.middlewares.elsewhere.digestAuth") && p.contains("no users for realm 'traefik'"))
                    .anyMatch(p -> p.contains("http.middlewares.secret.digestAuth.secret") && p.contains("Kubernetes Middleware"));
            assertThat(bad.gateway().warnings())
                    .anyMatch(w -> w.contains("http.middlewares.mixed.digestAuth") && w.contains("bob (realm 'other')"))
                    .anyMatch(w -> w.contains("user 'eve'") && w.contains("can never log in"));
            assertThat(Http.get(bad.url("/e")).statusCode()).as("a broken middleware disables its router").isEqualTo(503);
            assertThat(Http.get(bad.url("/m")).statusCode()).isEqualTo(401);
        }
    }
}
