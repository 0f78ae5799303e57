package io.jwtgate.gateway.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.expr.ExpressionException;
import io.jwtgate.gateway.http.RuleRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every row of Traefik's muxer tables on the compiled rule, with the request built as Traefik's Go
 * test builds it in memory ({@link GoRequest}): the rows a socket cannot reproduce are checked here
 * too. Priority rows need routers and are run by {@link TraefikRuleTablesIT} only.
 */
class RuleTablesTest {

    static final List<String> FILES = TraefikRuleTables.FILES;

    @ParameterizedTest
    @FieldSource("FILES")
    void everyRowAsTraefik(String file) throws Exception {
        List<String> failures = new ArrayList<>();
        for (TraefikRuleTables.Table table : TraefikRuleTables.load(file)) {
            int rows = 0;
            int passed = 0;
            for (TraefikRuleTables.Case c : table.cases()) {
                if (!c.routers().isEmpty()) {
                    continue;
                }
                rows++;
                String failure = check(c);
                if (failure == null) {
                    passed++;
                } else {
                    failures.add(c.id() + ": " + failure);
                }
            }
            System.out.printf("RuleTablesTest %s %s: %d/%d cases pass%n", file, table.name(), passed, rows);
        }
        assertThat(failures).isEmpty();
    }

    private static String check(TraefikRuleTables.Case c) {
        RuleSyntax syntax = c.v2() ? RuleSyntax.V2 : RuleSyntax.V3;
        if (c.table().equals("TestParseDomains")) {
            try {
                List<String> hosts = RuleHosts.of(c.rule());
                return c.error() ? "parsed, Traefik refuses it" : hosts.equals(c.domains()) ? null : "hosts " + hosts + ", expected " + c.domains();
            } catch (ExpressionException e) {
                return c.error() ? null : "refused: " + e.problem();
            }
        }
        if (c.priority() >= 0) {
            int p = RuleCompiler.defaultPriority(c.rule());
            return p == c.priority() ? null : "priority " + p + ", expected " + c.priority();
        }
        Predicate<RuleRequest> rule;
        try {
            rule = RuleCompiler.compile(c.rule(), syntax);
        } catch (ExpressionException e) {
            return c.error() ? null : "refused: " + e.problem();
        }
        if (c.error()) {
            return "compiled, Traefik refuses it";
        }
        List<String> wrong = new ArrayList<>();
        for (TraefikRuleTables.Request r : c.requests()) {
            boolean matched = rule.test(GoRequest.of(r));
            if (matched != (r.status() == 200)) {
                wrong.add(r.describe() + (matched ? " matched" : " did not match") + ", Traefik answers " + r.status());
            }
        }
        return wrong.isEmpty() ? null : String.join("; ", wrong);
    }

    /** Traefik's wording (pkg/muxer/http, pkg/rules, gorilla/mux, Go's regexp and net), after "error while parsing rule <rule>: ". */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "v3|Host(``)|error while checking rule Host: empty args for matcher Host, []",
            "v3|Method()|error while checking rule Method: no args for matcher Method",
            "v3|Query(`q`, ``)|error while checking rule Query: empty args for matcher Query, [q ]",
            "v3|Host(`example.com`, `example.org`)|error while adding rule Host: unexpected number of parameters; got 2, expected one of [1]",
            "v3|Query(`q`, `traefik`, `proxy`)|error while adding rule Query: unexpected number of parameters; got 3, expected one of [1 2]",
            "v3|Host(`🦭.com`)|error while adding rule Host: invalid value \"🦭.com\" for Host matcher, non-ASCII characters are not allowed",
            "v3|ClientIP(`1`)|error while adding rule ClientIP: initializing IP checker for ClientIP matcher: parsing CIDR trusted IPs 1: invalid CIDR address: 1",
            "v3|Path(`css`)|error while adding rule Path: path \"css\" does not start with a '/'",
            "v3|HostRegexp(`(example.com`)|error while adding rule HostRegexp: compiling HostRegexp matcher: error parsing regexp: missing closing ): `(example.com`",
            "v2|Host(`🦭.com`)|error while adding rule Host: invalid value \"🦭.com\" for \"Host\" matcher, non-ASCII characters are not allowed",
            "v2|Headers(`X-Forwarded-Host`)|error while adding rule Headers: mux: number of parameters must be multiple of 2, got [X-Forwarded-Host]",
            "v2|Query(`titi`)|error while adding rule Query: mux: number of parameters must be multiple of 2, got [titi]",
            "v2|HostRegexp(`{test`)|error while adding rule HostRegexp: mux: unbalanced braces in \"{test\"",
            "v2|Path(`titi`)|error while adding rule Path: mux: path must start with a slash, got \"titi\"",
            "v2|ClientIP(`invalid`)|error while adding rule ClientIP: could not initialize IP Checker for \"ClientIP\" matcher: parsing CIDR trusted IPs invalid: invalid CIDR address: invalid",
    })
    void refusedWithTraefiksText(String syntax, String rule, String text) {
        assertThatThrownBy(() -> RuleCompiler.compile(rule, syntax.equals("v2") ? RuleSyntax.V2 : RuleSyntax.V3))
                .isInstanceOfSatisfying(ExpressionException.class,
                        e -> assertThat(e.problem()).isEqualTo("error while parsing rule " + rule + ": " + text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"PathPrefix", "pathprefix", "PATHPREFIX", "Pathprefix"})
    void matcherNamesInTraefiksFourSpellings(String name) throws Exception {
        assertThat(RuleCompiler.compile(name + "(`/a`)").test(new GoRequest("h", "/a/b", "GET", java.util.Map.of(), null, null))).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"pathPrefix", "PathprefiX", "PATHprefix"})
    void otherSpellingsAreUnknown(String name) {
        assertThatThrownBy(() -> RuleCompiler.compile(name + "(`/a`)")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("unknown function '" + name + "'");
    }
}
