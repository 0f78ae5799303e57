package io.jwtgate.jwt.http;

import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.Extraction;
import io.jwtgate.jwt.TokenRequest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Finds the token (decision 5): the header ({@code headerName}, default Authorization) first; then the
 * {@code tokenCookie} cookie (extension); then the query parameter {@code tokenKey}; then the
 * {@code tokenKey} field of a URL-encoded form body.
 * A present header that is not a usable Bearer credential is invalid: no fall-through to the query,
 * so a second credential can never override a bad first one (attacks #24).
 */
public final class TokenExtractor {

    private final String headerName;
    private final boolean authorizationHeader;
    private final String tokenKey;
    private final String tokenCookie;
    private final boolean dpopScheme;

    /** @param tokenKey null disables query and form lookup (decision 4) */
    public TokenExtractor(String headerName, String tokenKey) {
        this(headerName, tokenKey, null, false);
    }

    /**
     * @param tokenCookie null (the default) disables the cookie lookup
     * @param dpopScheme  accept {@code Authorization: DPoP <token>} (RFC 9449 section 7.1), found with source "dpop"
     */
    public TokenExtractor(String headerName, String tokenKey, String tokenCookie, boolean dpopScheme) {
        this.headerName = headerName;
        this.authorizationHeader = headerName.equalsIgnoreCase("Authorization");
        this.tokenKey = tokenKey;
        this.tokenCookie = tokenCookie;
        this.dpopScheme = dpopScheme && authorizationHeader;
    }

    public Extraction extract(TokenRequest request) {
        String header = request.header(headerName);
        if (header != null && !header.isEmpty()) {
            return fromHeader(header);
        }
        if (tokenCookie != null) {
            Cookies.Value cookie = Cookies.find(request.headers("Cookie"), tokenCookie);
            if (cookie != null && cookie.ambiguous()) {
                return new Extraction.Invalid(DenyReason.AMBIGUOUS_COOKIE);
            }
            if (cookie != null && !cookie.value().isEmpty()) {
                return checked(cookie.value(), "cookie");
            }
        }
        if (tokenKey == null) {
            return new Extraction.Missing();
        }
        String query = request.queryParam(tokenKey);
        if (query != null && !query.isEmpty()) {
            return checked(query, "query");
        }
        if (isFormUrlEncoded(request.contentType())) {
            return new Extraction.NeedsFormBody();
        }
        return new Extraction.Missing();
    }

    public Extraction extractFromForm(byte[] body) {
        if (tokenKey == null || body == null) {
            return new Extraction.Missing();
        }
        String value = FormBody.firstField(new String(body, StandardCharsets.ISO_8859_1), tokenKey);
        if (value == null || value.isEmpty()) {
            return new Extraction.Missing();
        }
        return checked(value, "form");
    }

    private Extraction fromHeader(String value) {
        // RFC 6750 section 2.1: "Bearer" 1*SP b64token; the scheme is case-insensitive.
        if (value.length() > 7 && value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return checked(value.substring(7).stripLeading(), "header");
        }
        if (dpopScheme && value.length() > 5 && value.regionMatches(true, 0, "DPoP ", 0, 5)) {
            Extraction e = checked(value.substring(5).stripLeading(), "header");
            return e instanceof Extraction.Found f ? new Extraction.Found(f.token(), "dpop") : e;
        }
        if (authorizationHeader) {
            return new Extraction.Invalid(DenyReason.MALFORMED_TOKEN);
        }
        // A custom header may carry the bare token.
        return checked(value, "header");
    }

    private static Extraction checked(String token, String source) {
        if (token.isEmpty()) {
            return new Extraction.Invalid(DenyReason.MALFORMED_TOKEN);
        }
        if (!CredentialChars.isSingleToken(token)) {
            // Whitespace, a second credential or non-ASCII: never a single compact JWS.
            return new Extraction.Invalid(DenyReason.MALFORMED_TOKEN);
        }
        return new Extraction.Found(token, source);
    }

    static boolean isFormUrlEncoded(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/x-www-form-urlencoded");
    }
}
