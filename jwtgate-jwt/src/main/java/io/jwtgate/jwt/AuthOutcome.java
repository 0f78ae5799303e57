package io.jwtgate.jwt;

import java.util.List;
import java.util.Map;

/** What the gateway must do with the request. */
public sealed interface AuthOutcome {

    /**
     * Forward the request after removing {@code removeHeaders} and then adding {@code addHeaders}
     * (in order; a repeated name means several header fields).
     *
     * @param username the {@code usernameClaim} value for the access log ({@code ClientUsername}), or null
     * @param claims   the verified claims for later middlewares: String, Boolean, null, List, Map and
     *                 {@link io.jwtgate.jwt.json.JsonValue.JsonNumber} for numbers (literal text kept)
     */
    record Allowed(List<String> removeHeaders, List<Map.Entry<String, String>> addHeaders, String username,
                   Map<String, Object> claims) implements AuthOutcome {
        public Allowed {
            removeHeaders = List.copyOf(removeHeaders);
            addHeaders = List.copyOf(addHeaders);
        }
    }

    /**
     * Answer with {@code status}, the {@code WWW-Authenticate} header and {@link #body()}.
     *
     * @param detail          for logs and metrics only: never contains the token or a secret
     * @param responseHeaders  further response headers, in order (a fresh {@code DPoP-Nonce}); usually empty
     */
    record Denied(int status, String wwwAuthenticate, DenyReason reason, String detail,
                  List<Map.Entry<String, String>> responseHeaders) implements AuthOutcome {

        public Denied {
            responseHeaders = responseHeaders == null ? List.of() : List.copyOf(responseHeaders);
        }

        public Denied(int status, String wwwAuthenticate, DenyReason reason, String detail) {
            this(status, wwwAuthenticate, reason, detail, List.of());
        }

        static final String BODY_401 = "401 Unauthorized\n";
        static final String BODY_403 = "403 Forbidden\n";

        /** The fixed response body for the status, whatever the cause (decision 7: no oracle). */
        public String body() {
            return status == 403 ? BODY_403 : BODY_401;
        }
    }
}
