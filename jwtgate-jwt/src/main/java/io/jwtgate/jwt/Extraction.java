package io.jwtgate.jwt;

/** Result of looking for the token in a request (decision 5). */
public sealed interface Extraction {

    /**
     * A token was found; {@code source} is "header", "cookie", "query", "form", or "dpop" (the Authorization
     * header with the {@code DPoP} scheme, when {@code dpop} is on).
     */
    record Found(String token, String source) implements Extraction {
        @Override
        public String toString() {
            return "Found[source=" + source + ", token=" + io.jwtgate.jwt.token.TokenFingerprint.of(token) + "]";
        }
    }

    /** No token anywhere. */
    record Missing() implements Extraction {}

    /**
     * Nothing in the header or the query, {@code tokenKey} is set and the body is
     * {@code application/x-www-form-urlencoded}: buffer the body and call
     * {@link JwtAuthenticator#extractFromForm(byte[])}, then forward the same bytes.
     */
    record NeedsFormBody() implements Extraction {}

    /** A credential is present but unusable, e.g. a non-Bearer Authorization header (no fall-through). */
    record Invalid(DenyReason reason) implements Extraction {}
}
