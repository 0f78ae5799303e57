package io.jwtgate.gateway.middleware.forwardauth;

import io.jwtgate.gateway.http.GoUrl;

/**
 * The {@code Location} of a refusing auth server as the client gets it. By default it is resolved
 * against the auth server's address, as Go's {@code Response.Location()} does ({@code /login}
 * becomes {@code http://auth:9000/login}); with {@code preserveLocationHeader} it is kept as sent
 * (re-serialized by Go's URL parser). A value Go cannot parse makes Traefik answer 500.
 */
final class LocationHeader {

    /** What to do with the Location of the relayed answer. */
    sealed interface Outcome {
        /** No Location (absent or empty): the auth server's headers are relayed as they are. */
        record Absent() implements Outcome {}

        record Value(String location) implements Outcome {}

        /** Go's parser refuses it: Traefik answers 500. */
        record Invalid(String reason) implements Outcome {}
    }

    private LocationHeader() {}

    static Outcome of(String location, GoUrl address, boolean preserve) {
        if (location == null || location.isEmpty()) {
            return new Outcome.Absent();
        }
        try {
            GoUrl parsed = GoUrl.parse(location);
            return new Outcome.Value((preserve ? parsed : address.resolve(parsed)).toString());
        } catch (IllegalArgumentException e) {
            return new Outcome.Invalid(e.getMessage());
        }
    }
}
