package io.jwtgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.expr.ExpressionException;
import io.jwtgate.gateway.http.RuleRequest;
import io.jwtgate.gateway.rule.HostKeys;
import io.jwtgate.gateway.rule.RuleCompiler;
import io.jwtgate.gateway.rule.RuleSyntax;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The host index against the walk it replaces: random router sets (exact, wildcard and regexp
 * hosts, trailing dots, ports, case, path prefixes, negations, alternatives, priority ties, both
 * syntaxes) and random requests, seeded; the index must pick the router the walk picks, every time.
 */
class RouteIndexTest {

    private static final Comparator<RouterRuntime> ORDER =
            Comparator.comparingInt(RouterRuntime::priority).reversed().thenComparing(RouterRuntime::name);

    private static final String[] HOSTS = {"a.example.com", "b.example.com", "A.Example.COM", "a.example.com.", "x", "x.", "*.example.com",
        "*.", "c.a.example.com", "example.com", "*.a.example.com", "tenant-7.example.net", "[::1]", "127.0.0.1", ".", "a.example.com..", "i.example.com"};
    private static final String[] AUTHORITIES = {"a.example.com", "A.EXAMPLE.COM:8443", "a.example.com.", "a.example.com..", "b.example.com:80",
        "x", "x.", "X:1", "c.a.example.com", "d.a.example.com.", "example.com", "example.com.", "tenant-7.example.net", "[::1]:443",
        "[::1]", "::1", "127.0.0.1:8080", "", ".", "..", "*.example.com", "\u0131.example.com", "a.exampl\u00e9.com", "nope.org",
        "a.example.com:bad:port", " a.example.com "};
    private static final String[] PATHS = {"/", "/api", "/api/v1", "/api/v10", "/apix", "/web", "/x/y", "/x"};
    private static final String[] PREFIXES = {"/", "/api", "/api/v1", "/ap", "/web", "/x", "/x/y/z"};

    @Test
    void theIndexPicksTheRouterTheWalkPicks() throws Exception {
        Random random = new Random(18_2026);
        int compared = 0;
        for (int set = 0; set < 400; set++) {
            List<RouterRuntime> routers = randomRouters(random, 1 + random.nextInt(30));
            RouteIndex index = RouteIndex.of(routers);
            for (int q = 0; q < 300; q++) {
                Request request = randomRequest(random);
                RouterRuntime expected = walk(routers, request);
                assertThat(name(index.match(request))).as("%s on %s", request, rules(routers)).isEqualTo(name(expected));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(400 * 300);
    }

    @Test
    void aRequestTestsOnlyTheRoutersOfItsHostAmongTenThousand() throws Exception {
        AtomicInteger tested = new AtomicInteger();
        List<RouterRuntime> routers = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            routers.add(counted(router("tenant" + i, "Host(`tenant" + i + ".example.com`)", 0, RuleSyntax.V3), tested));
        }
        routers.add(counted(router("fallback", "PathPrefix(`/`)", 1, RuleSyntax.V3), tested));
        routers.sort(ORDER);
        RouteIndex index = RouteIndex.of(routers);

        assertThat(index.match(new Request("TENANT9999.example.com:443", "/", "GET", "10.0.0.1")).name()).isEqualTo("tenant9999");
        assertThat(tested).hasValue(1);
        tested.set(0);
        assertThat(index.match(new Request("other.example.com", "/", "GET", "10.0.0.1")).name()).isEqualTo("fallback");
        assertThat(tested).hasValue(1);
    }

    @Test
    void aRequestTestsOnlyTheRoutersOfItsPathPrefixesAmongTenThousand() throws Exception {
        AtomicInteger tested = new AtomicInteger();
        List<RouterRuntime> routers = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            routers.add(counted(router("tenant" + i, "PathPrefix(`/t" + i + "/`) && Method(`GET`)", 0, RuleSyntax.V3), tested));
        }
        routers.add(counted(router("root", "PathPrefix(`/`)", 1, RuleSyntax.V3), tested));
        routers.sort(ORDER);
        RouteIndex index = RouteIndex.of(routers);

        assertThat(index.match(new Request("any.example.com", "/t9999/orders", "GET", "10.0.0.1")).name()).isEqualTo("tenant9999");
        assertThat(tested).hasValue(1);
        tested.set(0);
        assertThat(index.match(new Request("", "/t9999/orders", "POST", "10.0.0.1")).name()).isEqualTo("root");
        assertThat(tested).hasValue(2); // tenant9999 (its prefix), then the root
    }

    @Test
    void keysAreANecessaryConditionOnly() {
        assertThat(HostKeys.of("Host(`A.com.`) && PathPrefix(`/x`)", RuleSyntax.V3)).containsExactly("a.com");
        assertThat(HostKeys.of("Host(`a.com`) || Host(`b.com`)", RuleSyntax.V3)).containsExactlyInAnyOrder("a.com", "b.com");
        assertThat(HostKeys.of("Host(`a.com`) && (Host(`b.com`) || Host(`c.com`))", RuleSyntax.V3)).containsExactly("a.com");
        assertThat(HostKeys.of("Host(`a.com`, `b.com`)", RuleSyntax.V2)).containsExactlyInAnyOrder("a.com", "b.com");
        assertThat(HostKeys.of("HostHeader(`a.com`)", RuleSyntax.V2)).containsExactly("a.com");
        assertThat(HostKeys.of("Host(`*`)", RuleSyntax.V2)).containsExactly("*"); // a literal name in v2
        for (String unindexed : List.of("Host(`*`)", "!Host(`a.com`)", "Host(`a.com`) || PathPrefix(`/`)", "HostRegexp(`^a\\.com$`)",
                "ClientIP(`10.0.0.0/8`)", "PathPrefix(`/`)", "Host(`a.com`")) {
            assertThat(HostKeys.of(unindexed, RuleSyntax.V3)).as(unindexed).isNull();
        }
    }

    private static RouterRuntime walk(List<RouterRuntime> routers, RuleRequest request) {
        for (RouterRuntime r : routers) {
            if (r.matcher().test(request)) {
                return r;
            }
        }
        return null;
    }

    private static List<RouterRuntime> randomRouters(Random random, int count) throws ExpressionException {
        List<RouterRuntime> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RuleSyntax syntax = random.nextInt(6) == 0 ? RuleSyntax.V2 : RuleSyntax.V3;
            String rule = syntax == RuleSyntax.V2 ? v2Rule(random) : v3Rule(random, 0);
            // Few distinct priorities (0 = the rule's length), so that ties fall to the names.
            out.add(router("r" + random.nextInt(40) + "-" + i, rule, random.nextInt(4) == 0 ? 0 : random.nextInt(3), syntax));
        }
        out.sort(ORDER);
        return out;
    }

    private static String v3Rule(Random random, int depth) {
        int shape = random.nextInt(depth > 1 ? 9 : 14);
        return switch (shape) {
            case 0, 1, 2 -> host(random);
            case 3 -> "PathPrefix(`" + pick(random, PREFIXES) + "`)";
            case 4 -> "HostRegexp(`^[a-z]+\\.example\\.com$`)";
            case 5 -> "Host(`*`)";
            case 6 -> "ClientIP(`10.0.0.0/8`)";
            case 7 -> "Method(`GET`)";
            case 8 -> "Path(`" + pick(random, PATHS) + "`)";
            case 9, 10 -> "(" + v3Rule(random, depth + 1) + ") && (" + v3Rule(random, depth + 1) + ")";
            case 11, 12 -> "(" + v3Rule(random, depth + 1) + ") || (" + v3Rule(random, depth + 1) + ")";
            default -> "!(" + v3Rule(random, depth + 1) + ")";
        };
    }

    private static String v2Rule(Random random) {
        String hosts = "`" + pick(random, HOSTS) + "`" + (random.nextBoolean() ? ", `" + pick(random, HOSTS) + "`" : "");
        return switch (random.nextInt(5)) {
            case 0 -> "Host(" + hosts + ")";
            case 1 -> "HostHeader(" + hosts + ")";
            case 2 -> "Host(" + hosts + ") && PathPrefix(`" + pick(random, PREFIXES) + "`)";
            case 3 -> "Host(" + hosts + ") || Path(`/web`)";
            default -> "PathPrefix(`" + pick(random, PREFIXES) + "`)";
        };
    }

    private static String host(Random random) {
        return "Host(`" + pick(random, HOSTS) + "`)";
    }

    private static Request randomRequest(Random random) {
        return new Request(pick(random, AUTHORITIES), pick(random, PATHS), random.nextBoolean() ? "GET" : "POST",
                random.nextBoolean() ? "10.1.2.3" : "192.168.0.1");
    }

    private static RouterRuntime router(String name, String rule, int priority, RuleSyntax syntax) {
        try {
            RuleCompiler.Compiled compiled = RuleCompiler.compileIndexed(rule, syntax);
            return new RouterRuntime(name, rule, compiled.matcher(), compiled.hostKeys(), compiled.pathKeys(),
                    priority > 0 ? priority : RuleCompiler.defaultPriority(rule), List.of(), null, null, null, null);
        } catch (ExpressionException e) {
            throw new IllegalStateException(rule, e);
        }
    }

    private static RouterRuntime counted(RouterRuntime r, AtomicInteger tested) {
        Predicate<RuleRequest> m = r.matcher();
        return new RouterRuntime(r.name(), r.rule(), req -> {
            tested.incrementAndGet();
            return m.test(req);
        }, r.hostKeys(), r.pathKeys(), r.priority(), r.chain(), null, null, null, null);
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String name(RouterRuntime r) {
        return r == null ? null : r.name();
    }

    private static List<String> rules(List<RouterRuntime> routers) {
        return routers.stream().map(r -> r.name() + " " + r.priority() + " " + r.rule()).toList();
    }

    private record Request(String authority, String path, String method, String client) implements RuleRequest {
        @Override
        public String host() {
            return authority;
        }

        @Override
        public List<String> headers(String name) {
            return List.of();
        }

        @Override
        public List<String> queryParams(String name) {
            return List.of();
        }

        @Override
        public InetAddress clientAddress() {
            try {
                return InetAddress.getByName(client);
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
