package io.jwtgate.jwt.keys;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The freshness lifetime a JWKS response announces (RFC 9111 section 4.2.1): {@code Cache-Control: max-age}
 * (minus {@code Age}), else {@code Expires} minus {@code Date}; {@code no-store}/{@code no-cache} mean zero.
 * Null when the response says nothing. The caller clamps the result.
 */
final class CacheHeaders {

    private CacheHeaders() {}

    static Duration lifetime(HttpHeaders headers, long nowMillis) {
        List<String> all = headers.allValues("Cache-Control");
        Optional<String> cacheControl = all.isEmpty() ? Optional.empty() : Optional.of(String.join(",", all));
        if (cacheControl.isPresent()) {
            Long maxAge = null;
            for (String directive : cacheControl.get().split(",")) {
                String d = directive.strip().toLowerCase(Locale.ROOT);
                if (d.equals("no-store") || d.equals("no-cache")) {
                    return Duration.ZERO;
                }
                if (d.startsWith("max-age=")) {
                    try {
                        maxAge = Long.parseLong(d.substring(8).replace("\"", "").strip());
                    } catch (NumberFormatException e) {
                        return Duration.ZERO; // invalid max-age: treat as stale (RFC 9111 section 4.2.1)
                    }
                }
            }
            if (maxAge != null) {
                long age = headers.firstValue("Age").map(CacheHeaders::parseLongOrZero).orElse(0L);
                return Duration.ofSeconds(Math.max(0, maxAge - age));
            }
        }
        Optional<String> expires = headers.firstValue("Expires");
        if (expires.isPresent()) {
            ZonedDateTime at = httpDate(expires.get());
            if (at == null) {
                return Duration.ZERO; // "Expires: 0" and other invalid dates mean already expired
            }
            long base = headers.firstValue("Date").map(CacheHeaders::httpDate).map(d -> d.toInstant().toEpochMilli()).orElse(nowMillis);
            return Duration.ofMillis(Math.max(0, at.toInstant().toEpochMilli() - base));
        }
        return null;
    }

    private static long parseLongOrZero(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static ZonedDateTime httpDate(String value) {
        try {
            return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
