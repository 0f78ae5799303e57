package io.jwtgate.gateway.provider.kubernetes;

/**
 * {@code urn:k8s:secret:<name>:<key>}: a key of a Secret in the namespace of the Middleware that uses it.
 */
public record SecretReference(String name, String key) {

    public static final String PREFIX = "urn:k8s:secret:";

    /**
     * @return the reference, or null when {@code value} is not a {@code urn:k8s:} value
     * @throws IllegalArgumentException for a malformed one, e.g. the documentation's typo {@code urn:k8s:my-secret:...},
     *         which must not silently become a literal secret
     */
    public static SecretReference parse(String value) {
        if (value == null || !value.startsWith("urn:k8s:")) {
            return null;
        }
        if (!value.startsWith(PREFIX)) {
            throw new IllegalArgumentException("'" + value + "' is not of the form urn:k8s:secret:<secret-name>:<key>");
        }
        String rest = value.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon <= 0 || colon == rest.length() - 1 || rest.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("'" + value + "' is not of the form urn:k8s:secret:<secret-name>:<key>");
        }
        return new SecretReference(rest.substring(0, colon), rest.substring(colon + 1));
    }

    @Override
    public String toString() {
        return PREFIX + name + ":" + key;
    }
}
