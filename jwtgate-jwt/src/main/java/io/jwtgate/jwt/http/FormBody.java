package io.jwtgate.jwt.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Minimal {@code application/x-www-form-urlencoded} reading: the first value of one field. */
final class FormBody {

    private FormBody() {}

    /** @param body the raw body as ISO-8859-1 text (one char per byte; percent-escapes decode as UTF-8) */
    static String firstField(String body, String name) {
        int start = 0;
        while (start <= body.length()) {
            int end = body.indexOf('&', start);
            if (end < 0) {
                end = body.length();
            }
            int eq = body.indexOf('=', start);
            String key = eq < 0 || eq > end ? body.substring(start, end) : body.substring(start, eq);
            if (decode(key).equals(name)) {
                return eq < 0 || eq > end ? "" : decode(body.substring(eq + 1, end));
            }
            start = end + 1;
        }
        return null;
    }

    private static String decode(String s) {
        try {
            byte[] raw = s.getBytes(StandardCharsets.ISO_8859_1);
            return URLDecoder.decode(new String(raw, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
