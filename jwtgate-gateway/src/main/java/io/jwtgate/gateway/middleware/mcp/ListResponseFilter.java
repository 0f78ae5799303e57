package io.jwtgate.gateway.middleware.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtgate.gateway.http.ResponseFilter;
import io.jwtgate.gateway.http.ResponseWriter;
import io.vertx.core.buffer.Buffer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response to a request that asked for a list ({@code tools/list}, {@code prompts/list},
 * {@code resources/list}), filtered on its way to the client ({@link ListFiltering}). An
 * {@code application/json} body is held whole (it is one response, or one batch), filtered and sent
 * with its new length. A {@code text/event-stream} body is passed on event by event as the events
 * arrive: an event that is a list response is filtered, any other goes out as received; once every
 * list the request asked for was answered the rest streams through untouched. Any other response
 * (202, an error status, another type) passes as it is. A body that cannot be checked (encoded, or
 * larger than the limit) is not passed on: the client gets a JSON-RPC error instead.
 */
final class ListResponseFilter extends ResponseFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ListResponseFilter.class);

    private enum Mode { PASS, JSON, SSE, DONE }

    private final ListFiltering filtering;
    /** The ids of the list requests still to be answered (as {@link #key}), or null to check every event (a resumed stream). */
    private final Set<String> pending;
    private final long maxBytes;
    private final McpFacts facts;
    private Mode mode;
    private boolean unreadable;
    private Buffer held;
    private SseEvents events;

    /** @param listIds ids of the list requests of the POST, or null for a resumed GET stream (any list response is filtered) */
    ListResponseFilter(ResponseWriter next, ListFiltering filtering, List<JsonNode> listIds, long maxBytes, McpFacts facts) {
        super(next);
        this.filtering = filtering;
        this.pending = listIds == null ? null : new HashSet<>(listIds.stream().map(ListResponseFilter::key).toList());
        this.maxBytes = maxBytes;
        this.facts = facts;
    }

    private static String key(JsonNode id) {
        return (id.isTextual() ? "s:" : "n:") + id.asText();
    }

    @Override
    protected void onHead() {
        String type = headers().get("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        boolean checked = statusCode() == 200 && (media.equals("application/json") || media.equals("text/event-stream"));
        if (!checked) {
            mode = Mode.PASS;
            return;
        }
        String encoding = headers().get("Content-Encoding");
        unreadable = encoding != null && !encoding.equalsIgnoreCase("identity");
        mode = media.equals("application/json") ? Mode.JSON : Mode.SSE;
        headers().remove("Content-Length"); // the filtered body has its own length
        if (mode == Mode.JSON) {
            held = Buffer.buffer();
        } else {
            events = new SseEvents(maxBytes);
        }
    }

    @Override
    public void writeHead() {
        commitHead();
        if (mode == Mode.PASS || mode == Mode.SSE) {
            next.writeHead();
        }
        // JSON: the head goes out with the filtered body and its length.
    }

    @Override
    public void write(Buffer chunk) {
        commitHead();
        switch (mode) {
            case PASS -> next.write(chunk);
            case JSON -> hold(chunk);
            case SSE -> stream(chunk);
            case DONE -> { } // refused: the rest of the backend's body is dropped
        }
    }

    @Override
    public void end(Buffer last) {
        commitHead();
        markEnded();
        switch (mode) {
            case PASS -> next.end(last);
            case JSON -> {
                if (last != null) {
                    hold(last);
                }
                if (mode == Mode.JSON) {
                    next.end(filteredJson());
                }
            }
            case SSE -> {
                if (last != null) {
                    stream(last);
                }
                if (mode == Mode.SSE) {
                    for (SseEvents.Event event : events.finish()) {
                        next.write(filteredEvent(event));
                    }
                    next.end();
                } else if (mode == Mode.PASS) {
                    next.end();
                }
            }
            case DONE -> { }
        }
    }

    @Override
    public boolean writeQueueFull() {
        return mode != Mode.DONE && next.writeQueueFull(); // refused: the client's response is over, nothing waits for it
    }

    @Override
    public void drainHandler(io.vertx.core.Handler<Void> handler) {
        if (mode != Mode.DONE) {
            next.drainHandler(handler);
        }
    }

    private void hold(Buffer chunk) {
        if (unreadable || held.length() + (long) chunk.length() > maxBytes) {
            refuse("the list response is " + (unreadable ? "encoded (" + headers().get("Content-Encoding") + ")" : "larger than " + maxBytes + " bytes"));
            return;
        }
        held.appendBuffer(chunk);
    }

    private Buffer filteredJson() {
        JsonNode message;
        try {
            message = JsonRpc.JSON.readTree(held.getBytes());
        } catch (Exception e) {
            return held; // not JSON: nothing the client could read as a list either
        }
        if (message == null || !ListFiltering.holdsList(message)) {
            return held;
        }
        facts.filtered(filtering.filter(message));
        return Buffer.buffer(JsonRpc.write(message));
    }

    private void stream(Buffer chunk) {
        if (unreadable) {
            refuse("the event stream is encoded (" + headers().get("Content-Encoding") + ")");
            return;
        }
        List<SseEvents.Event> complete;
        try {
            complete = events.feed(chunk);
        } catch (SseEvents.TooLarge e) {
            refuse("an event of the stream is larger than " + maxBytes + " bytes");
            return;
        }
        for (SseEvents.Event event : complete) {
            next.write(filteredEvent(event));
        }
        if (pending != null && pending.isEmpty()) {
            mode = Mode.PASS; // every list was answered: the rest streams through
            Buffer rest = events.rest();
            if (rest.length() > 0) {
                next.write(rest);
            }
        }
    }

    private Buffer filteredEvent(SseEvents.Event event) {
        String data = event.data();
        if (data == null || (pending != null && pending.isEmpty())) {
            return event.raw();
        }
        JsonNode message;
        try {
            message = JsonRpc.JSON.readTree(data);
        } catch (Exception e) {
            return event.raw();
        }
        if (message == null || !message.isObject() || !ListFiltering.holdsList(message)) {
            return event.raw();
        }
        JsonNode id = message.path("id");
        if (pending != null && (id.isMissingNode() || !pending.remove(key(id)))) {
            return event.raw(); // a response to another request of this stream
        }
        facts.filtered(filtering.filter(message));
        return event.withData(JsonRpc.write(message));
    }

    /** Fails closed: a JSON-RPC error instead of a list that could not be checked, and the backend's rest dropped. */
    private void refuse(String why) {
        LOG.warn("mcp: {}; the client gets a JSON-RPC error instead", why);
        Mode was = mode;
        mode = Mode.DONE;
        markEnded(); // the forwarder sees the response ended and stops the backend
        String error = JsonRpc.write(JsonRpc.error(null, JsonRpc.INTERNAL_ERROR, "The gateway could not check the server's list response", false));
        headers().remove("Content-Encoding"); // still the backend's head unless it went out already (a stream)
        if (was == Mode.JSON) {
            headers().set("Content-Type", "application/json");
            next.statusCode(502);
            next.end(Buffer.buffer(error));
        } else {
            next.end(Buffer.buffer("event: message\ndata: " + error + "\n\n"));
        }
    }
}
