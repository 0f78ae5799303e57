package io.jwtgate.gateway.http;

/**
 * A request the entry point refuses before routing: the status to answer, the reason for the
 * debug log (never sent to the client), and whether the connection must be closed because the
 * request's framing cannot be trusted (what follows on the connection may be a smuggled request).
 */
public record Refusal(int status, String reason, boolean closeConnection) implements ParsedTarget {

    public static Refusal badRequest(String reason) {
        return new Refusal(400, reason, false);
    }

    /** Framing that cannot be trusted: answer and close, never read further on this connection. */
    public static Refusal badFraming(String reason) {
        return new Refusal(400, reason, true);
    }

    /** The body the client sees: the status line's text, as Traefik (Go's net/http) sends it. */
    public String body() {
        return switch (status) {
            case 400 -> "400 Bad Request";
            case 417 -> "417 Expectation Failed";
            case 501 -> "501 Not Implemented";
            default -> status + "";
        };
    }
}
