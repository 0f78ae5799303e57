package io.jwtgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.support.Http;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends crafted requests and checks the invariants every refused attack must meet. */
final class Attacks {

    private Attacks() {}

    static HttpResponse<String> bearer(URI uri, String token) throws Exception {
        return Http.client().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends the token and asserts the documented refusal: the given status (never a 5xx), the fixed
     * body and challenge of decision 6/7, and no request reaching the backend.
     */
    static HttpResponse<String> assertRefused(URI uri, String token, CountingBackend backend, int status) throws Exception {
        int before = backend.hits();
        HttpResponse<String> r = bearer(uri, token);
        assertRefused(r, status);
        assertThat(backend.hits()).as("the backend must not be reached").isEqualTo(before);
        return r;
    }

    static void assertRefused(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (status == 401) {
            assertThat(r.body()).isEqualTo("401 Unauthorized\n");
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        } else if (status == 403) {
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("insufficient_scope"));
        }
    }

    static void assertAllowed(URI uri, String token, CountingBackend backend) throws Exception {
        int before = backend.hits();
        HttpResponse<String> r = bearer(uri, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(backend.hits()).isEqualTo(before + 1);
    }

    /** Indents a multi-line value (a PEM) for a YAML block scalar at the given depth. */
    static String indent(String text, int spaces) {
        return text.strip().replace("\n", "\n" + " ".repeat(spaces));
    }
}
