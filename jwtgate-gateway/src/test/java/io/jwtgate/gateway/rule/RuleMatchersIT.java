package io.jwtgate.gateway.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every matcher of Traefik's rule language, through a running gateway, table-driven from the
 * examples of Traefik's routing documentation. Each row becomes its own router guarded by an
 * {@code X-Case} header, so one gateway serves the whole table.
 */
class RuleMatchersIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    /** rule, request method, host, path+query, extra header (name:value or empty), expected match. */
    record Row(String rule, String method, String host, String target, String header, boolean matches) {}

    static final List<Row> ROWS = List.of(
            new Row("Host(`example.com`)", "GET", "example.com", "/", "", true),
            new Row("Host(`example.com`)", "GET", "EXAMPLE.com:8080", "/", "", true),
            new Row("Host(`example.com`)", "GET", "api.example.com", "/", "", false),
            new Row("Host(`*.example.com`)", "GET", "api.example.com", "/", "", true),
            new Row("HostRegexp(`^.+\\.example\\.com$`)", "GET", "a.b.example.com", "/", "", true),
            new Row("HostRegexp(`^.+\\.example\\.com$`)", "GET", "example.com", "/", "", false),
            new Row("Path(`/products`)", "GET", "h", "/products", "", true),
            new Row("Path(`/products`)", "GET", "h", "/products/", "", false),
            new Row("Path(`/products`)", "GET", "h", "/products/shoes", "", false),
            new Row("PathPrefix(`/products/`)", "GET", "h", "/products/shoes", "", true),
            new Row("PathPrefix(`/products/`)", "GET", "h", "/product", "", false),
            new Row("PathRegexp(`\\.(jpeg|jpg|png)$`)", "GET", "h", "/images/cat.png", "", true),
            new Row("PathRegexp(`\\.(jpeg|jpg|png)$`)", "GET", "h", "/images/cat.gif", "", false),
            new Row("PathRegexp(`^/products/(shoes|socks)/[0-9]+$`)", "GET", "h", "/products/socks/12", "", true),
            new Row("Method(`GET`)", "GET", "h", "/", "", true),
            new Row("Method(`POST`)", "GET", "h", "/", "", false),
            new Row("Header(`Content-Type`, `application/json`)", "GET", "h", "/", "Content-Type:application/json", true),
            new Row("Header(`Content-Type`, `application/json`)", "GET", "h", "/", "Content-Type:text/plain", false),
            new Row("HeaderRegexp(`Content-Type`, `^application/(json|yaml)$`)", "GET", "h", "/", "Content-Type:application/yaml", true),
            new Row("HeaderRegexp(`Content-Type`, `^application/(json|yaml)$`)", "GET", "h", "/", "Content-Type:application/xml", false),
            new Row("Query(`mobile`, `true`)", "GET", "h", "/?mobile=true", "", true),
            new Row("Query(`mobile`, `true`)", "GET", "h", "/?mobile=false", "", false),
            new Row("Query(`mobile`)", "GET", "h", "/?mobile", "", true),
            new Row("QueryRegexp(`mobile`, `^(true|yes)$`)", "GET", "h", "/?mobile=yes", "", true),
            new Row("QueryRegexp(`mobile`, `^(true|yes)$`)", "GET", "h", "/?mobile=no", "", false),
            new Row("ClientIP(`127.0.0.1`)", "GET", "h", "/", "", true),
            new Row("ClientIP(`127.0.0.0/8`)", "GET", "h", "/", "", true),
            new Row("ClientIP(`192.168.0.0/24`)", "GET", "h", "/", "", false),
            new Row("ClientIP(`fe80::/10`)", "GET", "h", "/", "", false),
            new Row("Host(`example.com`) && (PathPrefix(`/admin`) || Header(`X-Admin`, `true`))", "GET", "example.com", "/x", "X-Admin:true", true),
            new Row("Host(`example.com`) && (PathPrefix(`/admin`) || Header(`X-Admin`, `true`))", "GET", "example.com", "/x", "", false),
            new Row("!Method(`POST`)", "GET", "h", "/", "", true),
            new Row("Host(\"example.com\") && Path(\"/a\")", "GET", "example.com", "/a", "", true));

    static Backend backend;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        backend = closing.add(Backend.echo("rules"));
        StringBuilder yaml = new StringBuilder("http:\n  routers:\n");
        for (int i = 0; i < ROWS.size(); i++) {
            yaml.append("    case").append(i).append(":\n")
                    .append("      rule: '(").append(ROWS.get(i).rule().replace("'", "''")).append(") && Header(`X-Case`, `").append(i).append("`)'\n")
                    .append("      service: echo\n");
        }
        yaml.append("  services:\n    echo:\n      loadBalancer:\n        servers:\n          - url: ").append(backend.url()).append('\n');
        gateway = closing.add(TestGateway.withDynamic(yaml.toString()));
        assertThat(gateway.gateway().problems()).isEmpty();
    }


    @Test
    void everyDocumentedMatcherRoutesAsTraefikDocumentsIt() throws Exception {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < ROWS.size(); i++) {
            Row row = ROWS.get(i);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.url(row.target()).toString()))
                    .method(row.method(), HttpRequest.BodyPublishers.noBody())
                    .header("Host", row.host())
                    .header("X-Case", String.valueOf(i));
            if (!row.header().isEmpty()) {
                String[] h = row.header().split(":", 2);
                b.header(h[0], h[1]);
            }
            int status = Http.client().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            int expected = row.matches() ? 200 : 404;
            if (status != expected) {
                failures.add(row + " -> " + status);
            }
        }
        assertThat(failures).as("rows whose routing differs from Traefik's documentation").isEmpty();
    }
}
