package io.jwtgate.gateway.middleware.mcp;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code text/event-stream} body into events as its bytes arrive (WHATWG HTML, "event
 * stream interpretation"): lines end with CRLF, LF or CR, and an empty line ends an event. Each
 * event is handed over whole, with its original bytes, as soon as its empty line has arrived;
 * only the event in progress is held, up to {@code maxEventBytes}.
 */
final class SseEvents {

    /** One event: its bytes as received (terminating empty line included) and its {@code data} lines joined with LF. */
    record Event(Buffer raw, List<String> lines) {

        /** The event's data: its {@code data} fields joined with LF, or null when it has none. */
        String data() {
            StringBuilder out = null;
            for (String line : lines) {
                if (line.equals("data") || line.startsWith("data:")) {
                    String value = line.length() <= 5 ? "" : line.substring(line.charAt(5) == ' ' ? 6 : 5);
                    out = out == null ? new StringBuilder(value) : out.append('\n').append(value);
                }
            }
            return out == null ? null : out.toString();
        }

        /** The event with its data replaced by {@code data} (one line: a compact JSON text), its other fields kept. */
        Buffer withData(String data) {
            StringBuilder out = new StringBuilder();
            for (String line : lines) {
                if (!(line.equals("data") || line.startsWith("data:"))) {
                    out.append(line).append('\n');
                }
            }
            out.append("data: ").append(data).append("\n\n");
            return Buffer.buffer(out.toString());
        }
    }

    private final long maxEventBytes;
    private Buffer pending = Buffer.buffer();
    private int scanned;
    private int lineStart;
    private final List<String> lines = new ArrayList<>();

    SseEvents(long maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    /** Adds bytes; returns the events they complete, in order. Throws {@link TooLarge} when an event outgrows the limit. */
    List<Event> feed(Buffer chunk) {
        return feed(chunk, false);
    }

    /**
     * The end of the stream: the events a final CR completes (it cannot be followed by an LF any
     * more). The bytes of an unfinished event are dropped, as a client discards them (WHATWG:
     * "any pending data must be discarded").
     */
    List<Event> finish() {
        List<Event> events = feed(Buffer.buffer(), true);
        rest();
        return events;
    }

    private List<Event> feed(Buffer chunk, boolean last) {
        pending.appendBuffer(chunk);
        List<Event> events = new ArrayList<>();
        int eventStart = 0;
        int i = scanned;
        while (i < pending.length()) {
            byte b = pending.getByte(i);
            if (b != '\n' && b != '\r') {
                i++;
                continue;
            }
            int end = i;
            if (b == '\r') {
                if (i + 1 >= pending.length() && !last) {
                    break; // a CR at the end: an LF may follow in the next chunk
                }
                if (i + 1 < pending.length() && pending.getByte(i + 1) == '\n') {
                    i++;
                }
            }
            i++;
            if (end == lineStart) {
                if (i - eventStart > maxEventBytes) {
                    throw new TooLarge();
                }
                if (!lines.isEmpty()) {
                    events.add(new Event(pending.getBuffer(eventStart, i), List.copyOf(lines)));
                }
                lines.clear();
                eventStart = i;
            } else {
                lines.add(pending.getString(lineStart, end, StandardCharsets.UTF_8.name()));
            }
            lineStart = i;
        }
        if (eventStart > 0) {
            pending = pending.getBuffer(eventStart, pending.length());
            i -= eventStart;
            lineStart -= eventStart;
        }
        scanned = i;
        if (pending.length() > maxEventBytes) {
            throw new TooLarge();
        }
        return events;
    }

    /** The bytes held (once the stream needs no more checking, they go out as they are). */
    Buffer rest() {
        Buffer out = pending;
        pending = Buffer.buffer();
        scanned = 0;
        lineStart = 0;
        lines.clear();
        return out;
    }

    /** An event larger than the limit: it cannot be checked, so it is not passed on. */
    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("server-sent event larger than the limit", null, false, false);
        }
    }
}
