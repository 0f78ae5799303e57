package io.jwtgate.gateway.middleware.errors;

import io.jwtgate.gateway.http.ResponseWriter;
import io.jwtgate.gateway.middleware.DetachedHeadFilter;

/**
 * Traefik's {@code codeModifier}: the error page's response goes to the client with the caught
 * (or rewritten) status whatever the page service answered, with the page's headers and body. The
 * reason phrase is the standard one of that status.
 */
final class EnforcedStatus extends DetachedHeadFilter {

    private final int status;
    private final boolean closeConnection;

    /** @param closeConnection the client's request body was never read: the connection cannot be reused (HTTP/1.x) */
    EnforcedStatus(ResponseWriter next, int status, boolean closeConnection) {
        super(next);
        this.status = status;
        this.closeConnection = closeConnection;
    }

    @Override
    protected boolean admit(int pageStatus) {
        statusCode(status).statusMessage(null);
        if (closeConnection) {
            headers().set("Connection", "close");
        }
        return true;
    }

    @Override
    protected void discarded(int status) {
        // never refuses
    }
}
