package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.http.FieldSyntax;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a header map gets before the gateway writes it to a backend connection itself: names must
 * be RFC 9110 tokens and values carry no control character but tab (no CR or LF: nothing a
 * middleware put in a header, a claim's value for instance, can start another header or request).
 * Vert.x's client made this check on every copy; the HTTP/1.1 forwarder writes the map it holds, so
 * it checks it once.
 *
 * <p>Non-ASCII values go out as bytes, as Go's proxy sends them: characters up to U+00FF as one byte
 * each (what a client sent as obs-text comes back as the same bytes), a value with any character
 * beyond as UTF-8 (a claim's text). Netty's encoder alone would write each such character as '?'.
 */
final class BackendHeaders {

    private BackendHeaders() {}

    /** @throws IllegalArgumentException naming the first header that cannot be sent */
    static void prepare(MultiMap headers) {
        List<String> nonAscii = null;
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey();
            if (!FieldSyntax.isToken(name)) {
                throw new IllegalArgumentException("header name is not a token: " + printable(name));
            }
            switch (scan(header.getValue())) {
                case CONTROL -> throw new IllegalArgumentException("value of header " + name + " holds a control character");
                case NON_ASCII -> {
                    if (nonAscii == null) {
                        nonAscii = new ArrayList<>(1);
                    }
                    nonAscii.add(name);
                }
                case ASCII -> { }
            }
        }
        if (nonAscii != null) {
            for (String name : nonAscii) {
                List<CharSequence> bytes = new ArrayList<>();
                for (String value : headers.getAll(name)) {
                    bytes.add(asBytes(value));
                }
                headers.set(name, bytes);
            }
        }
    }

    private enum Scan { ASCII, NON_ASCII, CONTROL }

    private static Scan scan(String value) {
        Scan result = Scan.ASCII;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return Scan.CONTROL;
            }
            if (c > 0x7f) {
                result = Scan.NON_ASCII;
            }
        }
        return result;
    }

    private static CharSequence asBytes(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xff) {
                return new AsciiString(value.getBytes(StandardCharsets.UTF_8), false);
            }
        }
        return new AsciiString(value.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }
}
