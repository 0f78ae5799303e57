package io.jwtgate.gateway.http;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an entry point does with request targets, with Traefik's entry-point option names.
 *
 * @param sanitizePath          {@code http.sanitizePath}: remove dot segments and merge slashes before routing (default true)
 * @param deniedEncodings       from {@code http.encodedCharacters}: upper-case escapes (e.g. {@code %2F}) refused with 400
 * @param encodeQuerySemicolons {@code http.encodeQuerySemicolons}: {@code ;} in the query is sent as {@code %3B}
 *                              instead of being read (and forwarded) as {@code &}
 */
public record TargetRules(boolean sanitizePath, Set<String> deniedEncodings, boolean encodeQuerySemicolons) {

    /** Traefik's defaults: sanitize, allow every encoded character, semicolons are separators. */
    public static final TargetRules DEFAULTS = new TargetRules(true, Set.of(), false);

    /** The escapes Traefik's {@code encodedCharacters.allowEncoded*} options name, by option. */
    public enum Encoded {
        SLASH("allowEncodedSlash", "%2F"),
        BACK_SLASH("allowEncodedBackSlash", "%5C"),
        NULL_CHARACTER("allowEncodedNullCharacter", "%00"),
        SEMICOLON("allowEncodedSemicolon", "%3B"),
        PERCENT("allowEncodedPercent", "%25"),
        QUESTION_MARK("allowEncodedQuestionMark", "%3F"),
        HASH("allowEncodedHash", "%23");

        private final String option;
        private final String escape;

        Encoded(String option, String escape) {
            this.option = option;
            this.escape = escape;
        }

        public String option() {
            return option;
        }

        public String escape() {
            return escape;
        }
    }

    public TargetRules {
        Set<String> upper = new TreeSet<>();
        for (String e : deniedEncodings) {
            upper.add(e.toUpperCase(Locale.ROOT));
        }
        deniedEncodings = Set.copyOf(upper);
    }
}
