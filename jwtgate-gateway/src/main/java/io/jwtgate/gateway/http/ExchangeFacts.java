package io.jwtgate.gateway.http;

/**
 * What the access log and the metrics report about an exchange, filled in as it passes the
 * router, the middlewares and the service. One per exchange, on one event loop.
 */
public final class ExchangeFacts {

    private String routerName;
    private String serviceName;
    private String username;
    private String authReason;
    private String upstreamAddress;
    private int retryAttempts;

    public String routerName() {
        return routerName;
    }

    public void routerName(String name) {
        this.routerName = name;
    }

    public String serviceName() {
        return serviceName;
    }

    public void serviceName(String name) {
        this.serviceName = name;
    }

    /** The authenticated user (JWT {@code usernameClaim}), or null. */
    public String username() {
        return username;
    }

    public void username(String name) {
        this.username = name;
    }

    /** Why the JWT middleware allowed or denied ({@code ALLOWED}, {@code EXPIRED}, ...), or null. */
    public String authReason() {
        return authReason;
    }

    public void authReason(String reason) {
        this.authReason = reason;
    }

    /** The backend server's address, once one was picked. */
    public String upstreamAddress() {
        return upstreamAddress;
    }

    public void upstreamAddress(String address) {
        this.upstreamAddress = address;
    }

    /** How many times the {@code retry} middleware sent the request again (Traefik's {@code RetryAttempts}). */
    public int retryAttempts() {
        return retryAttempts;
    }

    public void retryAttempts(int attempts) {
        this.retryAttempts = attempts;
    }
}
