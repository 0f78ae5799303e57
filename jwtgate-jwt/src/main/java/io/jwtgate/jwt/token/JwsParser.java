package io.jwtgate.jwt.token;

import io.jwtgate.jwt.DenyReason;
import io.jwtgate.jwt.json.JsonValue;
import io.jwtgate.jwt.json.StrictJsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strict compact-JWS parsing (RFC 7515 section 7.1), hand-written because it runs on every request:
 * exactly three canonical base64url segments, a JSON-object header without duplicates, a supported
 * {@code alg}, and no header member that would change the meaning of the signature
 * ({@code crit}, {@code b64}). Key-carrying members ({@code jku}, {@code x5u}, {@code jwk},
 * {@code x5c}) are ignored: keys only ever come from the configuration.
 */
public final class JwsParser {

    /** Default token size limit: 16 KiB (attacks #11). */
    public static final int DEFAULT_MAX_LENGTH = 16 * 1024;
    /** Longest {@code kid} accepted; real ones are short identifiers or thumbprints. */
    public static final int MAX_KID_LENGTH = 256;

    private static final HeaderMemo HEADERS = new HeaderMemo();

    private JwsParser() {}

    public static Jws parse(String token) throws TokenRejected {
        return parse(token, DEFAULT_MAX_LENGTH);
    }

    public static Jws parse(String token, int maxLength) throws TokenRejected {
        if (token == null || token.isEmpty()) {
            throw new TokenRejected(DenyReason.MALFORMED_TOKEN, "empty token");
        }
        if (token.length() > maxLength) {
            throw new TokenRejected(DenyReason.TOKEN_TOO_LARGE,
                    "token of " + token.length() + " characters exceeds the limit of " + maxLength);
        }
        int dot1 = token.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
        if (dot1 < 0 || dot2 < 0) {
            throw new TokenRejected(DenyReason.MALFORMED_TOKEN, "not three dot-separated segments");
        }
        if (token.indexOf('.', dot2 + 1) >= 0) {
            long dots = token.chars().filter(c -> c == '.').count();
            throw new TokenRejected(DenyReason.MALFORMED_TOKEN, dots == 4
                    ? "five segments: JWE (encrypted tokens) are not supported"
                    : (dots + 1) + " segments instead of three");
        }
        // One copy of the token as bytes (a Latin-1 string's own array): every later step reads bytes.
        // A character beyond Latin-1 becomes '?', or one '?' for a surrogate pair, which the length check
        // and the base64url alphabet both refuse.
        byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);
        if (ascii.length != token.length()) {
            throw new TokenRejected(DenyReason.MALFORMED_TOKEN, "token contains non-ASCII characters");
        }
        HeaderMemo.Entry known = HEADERS.lookup(ascii, dot1);
        JsonValue.JsonObject header;
        JwsAlgorithm algorithm;
        String kid;
        if (known != null) {
            header = known.header();
            algorithm = known.algorithm();
            kid = known.kid();
        } else {
            byte[] headerBytes = Base64Url.decode(ascii, 0, dot1);
            if (headerBytes == null || headerBytes.length == 0) {
                throw new TokenRejected(DenyReason.MALFORMED_TOKEN, "header is not canonical base64url");
            }
            try {
                header = StrictJsonParser.parseObject(headerBytes);
            } catch (StrictJsonParser.JsonRejected e) {
                throw new TokenRejected(DenyReason.MALFORMED_TOKEN, "header: " + e.getMessage());
            }
            algorithm = algorithm(header);
            checkHeaderMembers(header);
            kid = kid(header);
            HEADERS.remember(ascii, dot1, header, algorithm, kid);
        }
        byte[] payload = Base64Url.decode(ascii, dot1 + 1, dot2);
        if (payload == null) {
            throw new TokenRejected(DenyReason.MALFORMED_TOKEN, "payload is not canonical base64url");
        }
        byte[] signature = Base64Url.decode(ascii, dot2 + 1, ascii.length);
        if (signature == null) {
            throw new TokenRejected(DenyReason.MALFORMED_TOKEN, "signature is not canonical base64url");
        }
        if (signature.length == 0) {
            throw new TokenRejected(DenyReason.MALFORMED_TOKEN, "empty signature");
        }
        // The signature covers the token's own characters up to the second dot.
        byte[] signingInput = Arrays.copyOf(ascii, dot2);
        return new Jws(header, algorithm, kid, payload, signingInput, signature);
    }

    private static JwsAlgorithm algorithm(JsonValue.JsonObject header) throws TokenRejected {
        JsonValue alg = header.get("alg");
        if (!(alg instanceof JsonValue.JsonString s)) {
            throw new TokenRejected(DenyReason.MALFORMED_TOKEN, alg == null ? "header has no alg" : "alg is not a string");
        }
        JwsAlgorithm algorithm = JwsAlgorithm.fromHeader(s.value());
        if (algorithm == null) {
            throw new TokenRejected(DenyReason.UNSUPPORTED_ALGORITHM, "unsupported alg " + printable(s.value()));
        }
        return algorithm;
    }

    private static void checkHeaderMembers(JsonValue.JsonObject header) throws TokenRejected {
        // We implement no extension, so any crit (even empty, which RFC 7515 forbids) is refused (attacks #13).
        if (header.members().containsKey("crit")) {
            throw new TokenRejected(DenyReason.UNSUPPORTED_HEADER, "crit header present: no extension is supported");
        }
        // RFC 7797 unencoded payloads are not supported, whatever the value (attacks #14).
        if (header.members().containsKey("b64")) {
            throw new TokenRejected(DenyReason.UNSUPPORTED_HEADER, "b64 header present: unencoded payloads are not supported");
        }
        // Nested tokens: a JWS whose payload is another JWT is not a claim set we can check (attacks #15).
        String cty = header.string("cty");
        if (cty != null && cty.equalsIgnoreCase("JWT")) {
            throw new TokenRejected(DenyReason.UNSUPPORTED_HEADER, "nested JWT (cty: JWT) is not supported");
        }
        if (header.members().containsKey("enc")) {
            throw new TokenRejected(DenyReason.MALFORMED_TOKEN, "enc header: JWE is not supported");
        }
    }

    private static String kid(JsonValue.JsonObject header) throws TokenRejected {
        JsonValue kid = header.get("kid");
        if (kid == null) {
            return null;
        }
        if (!(kid instanceof JsonValue.JsonString s)) {
            throw new TokenRejected(DenyReason.MALFORMED_TOKEN, "kid is not a string");
        }
        String value = s.value();
        if (value.length() > MAX_KID_LENGTH) {
            throw new TokenRejected(DenyReason.MALFORMED_TOKEN, "kid longer than " + MAX_KID_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new TokenRejected(DenyReason.MALFORMED_TOKEN, "kid contains a control character");
            }
        }
        return value;
    }

    /** Short, log-safe rendering of an attacker-chosen header value. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < Math.min(value.length(), 32); i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.append(value.length() > 32 ? "...\"" : "\"").toString();
    }
}
