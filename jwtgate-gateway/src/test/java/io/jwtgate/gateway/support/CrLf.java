package io.jwtgate.gateway.support;

import java.io.IOException;
import java.io.InputStream;

/** Reading HTTP/1.x lines off a socket, for the raw client and the recording backend. */
final class CrLf {

    private CrLf() {}

    /** A line ended by LF (a CR before it dropped), or null at the end of the stream. */
    static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = b.length();
                return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.isEmpty() ? null : b.toString();
    }
}
