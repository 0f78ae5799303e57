package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.http.AsciiFieldBytes;
import io.jwtgate.gateway.http.FieldSyntax;
import io.netty.util.AsciiString;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * What a header map gets before the gateway writes it to a backend connection itself: names must
 * be RFC 9110 tokens and values carry no control character but tab (no CR or LF: nothing a
 * middleware put in a header, a claim's value for instance, can start another header or request).
 * Vert.x's client made this check on every copy; the HTTP/1.1 forwarder writes the map it holds, so
 * it checks it once.
 *
 * <p>Every value leaves as bytes ({@link AsciiString}): Netty's encoder copies those in one call,
 * where it encodes a {@link String} one character at a time (13 % of the CPU of a request with a
 * 2,400-byte header, docs/benchmarks.md "Header bytes"). Non-ASCII values go out as Go's proxy sends
 * them: characters up to U+00FF as one byte each (what a client sent as obs-text comes back as the
 * same bytes), a value with any character beyond as UTF-8 (a claim's text). Netty's encoder alone
 * would write each such character as '?'.
 */
final class BackendHeaders {

    private BackendHeaders() {}

    /** @throws IllegalArgumentException naming the first header that cannot be sent */
    static void prepare(HeadersMultiMap headers) {
        Iterator<Map.Entry<CharSequence, CharSequence>> entries = headers.iteratorCharSequence();
        while (entries.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = entries.next();
            CharSequence name = header.getKey();
            if (!FieldSyntax.isToken(name)) {
                throw new IllegalArgumentException("header name is not a token: " + printable(name));
            }
            String value = header.getValue().toString();
            byte[] ascii = AsciiFieldBytes.asciiBytes(value);
            if (ascii != null ? AsciiFieldBytes.hasControl(ascii) : hasControl(value)) {
                throw new IllegalArgumentException("value of header " + name + " holds a control character");
            }
            header.setValue(ascii != null ? new AsciiString(ascii, false) : asBytes(value));
        }
    }

    private static boolean hasControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static CharSequence asBytes(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0xff) {
                return new AsciiString(value.getBytes(StandardCharsets.UTF_8), false);
            }
        }
        return new AsciiString(value.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    private static String printable(CharSequence s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }
}
