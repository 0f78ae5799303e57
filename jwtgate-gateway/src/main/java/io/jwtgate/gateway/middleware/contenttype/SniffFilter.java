package io.jwtgate.gateway.middleware.contenttype;

import io.jwtgate.gateway.http.ResponseFilter;
import io.jwtgate.gateway.http.ResponseWriter;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * Sets the {@code Content-Type} of a response that has none from its first bytes, when Go's server
 * would: the status allows a body, no {@code Content-Encoding} (Go never sniffs an encoded body) or
 * {@code Transfer-Encoding} was set, and the body is not empty. The head is held until 512 bytes
 * (what {@link ContentSniffer} reads) or the end of the body have arrived, then goes on with the
 * detected type and the held bytes; the rest of the body flows through.
 */
final class SniffFilter extends ResponseFilter {

    private Buffer held;

    SniffFilter(ResponseWriter next) {
        super(next);
    }

    @Override
    public void writeHead() {
        if (held != null) {
            return; // the head goes with the sniffed bytes
        }
        super.writeHead(); // a head committed before any byte is never sniffed (Go sniffs the first bytes written)
    }

    @Override
    public void write(Buffer chunk) {
        if (held == null && (headWritten() || !wantsSniffing())) {
            super.write(chunk);
            return;
        }
        hold(chunk);
        if (held.length() >= ContentSniffer.SNIFF_LENGTH) {
            release(false);
        }
    }

    @Override
    public void end(Buffer last) {
        if (ended()) {
            return;
        }
        if (held == null && (headWritten() || !wantsSniffing())) {
            super.end(last);
            return;
        }
        hold(last);
        release(true);
    }

    private void hold(Buffer chunk) {
        if (held == null) {
            held = Buffer.buffer();
        }
        if (chunk != null) {
            held.appendBuffer(chunk);
        }
    }

    private void release(boolean end) {
        Buffer bytes = held;
        held = null;
        if (bytes.length() > 0) {
            headers().set("Content-Type", ContentSniffer.detect(bytes.getBytes(0, Math.min(bytes.length(), ContentSniffer.SNIFF_LENGTH))));
        }
        if (end) {
            super.end(bytes.length() == 0 ? null : bytes); // nothing held (HEAD): the head's length stays as it is
        } else {
            super.write(bytes);
        }
    }

    private boolean wantsSniffing() {
        int status = statusCode();
        MultiMap headers = headers();
        String encoding = headers.get("Content-Encoding");
        return !(status >= 100 && status < 200) && status != 204 && status != 304 && !headers.contains("Content-Type")
                && (encoding == null || encoding.isEmpty()) && !headers.contains("Transfer-Encoding");
    }
}
