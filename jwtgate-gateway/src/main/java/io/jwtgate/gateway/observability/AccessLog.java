package io.jwtgate.gateway.observability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jwtgate.gateway.config.statics.AccessLogConfig;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.middleware.mcp.McpFacts;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Traefik-compatible access log: common format or JSON with Traefik's field names, plus the JWT
 * outcome ({@code JwtReason}). Lines are queued and written by one background thread, so the event
 * loop never waits on a disk; when the queue is full, lines are dropped and counted. Tokens are never logged.
 */
public final class AccessLog implements RequestObserver, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final JsonFactory JSON = new JsonFactory();

    private final AccessLogConfig config;
    private final List<int[]> statusRanges = new ArrayList<>();
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(16_384);
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong requestCount = new AtomicLong();
    private final Thread writer;
    private final OutputStream out;
    private volatile boolean running = true;

    public AccessLog(AccessLogConfig config, Path baseDirectory) throws IOException {
        this.config = config;
        for (String code : config.statusCodes()) {
            String[] range = code.split("-");
            int from = Integer.parseInt(range[0].trim());
            int to = range.length > 1 ? Integer.parseInt(range[1].trim()) : from;
            statusRanges.add(new int[] {from, to});
        }
        if (config.filePath() == null) {
            out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        } else {
            Path file = baseDirectory.resolve(config.filePath());
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        writer = Thread.ofPlatform().daemon().name("jwtgate-access-log").start(this::drain);
    }

    /** Called when the response is finished (or the client went away). */
    @Override
    public void completed(Exchange exchange, int status, long bytesWritten) {
        long durationNanos = System.nanoTime() - exchange.startNanos();
        long count = requestCount.incrementAndGet();
        if (!statusRanges.isEmpty() && statusRanges.stream().noneMatch(r -> status >= r[0] && status <= r[1])) {
            return;
        }
        if (durationNanos < config.minDuration().toNanos()) {
            return;
        }
        String line = config.format().equals("json")
                ? json(exchange, status, bytesWritten, durationNanos)
                : common(exchange, status, bytesWritten, durationNanos, count);
        if (!queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    public long droppedLines() {
        return dropped.get();
    }

    private static String common(Exchange ex, int status, long bytes, long durationNanos, long count) {
        HttpServerRequest r = ex.request();
        return ex.clientIp() + " - " + dash(ex.facts().username()) + " [" + CLF_TIME.format(Instant.now()) + "] \""
                + r.method().name() + " " + pathOf(r.uri()) + " " + protocol(r) + "\" " + status + " " + bytes + " \""
                + dash(r.getHeader("Referer")) + "\" \"" + dash(r.getHeader("User-Agent")) + "\" " + count + " \""
                + dash(ex.facts().routerName()) + "\" \"" + dash(ex.facts().upstreamAddress()) + "\" " + (durationNanos / 1_000_000) + "ms";
    }

    private static String json(Exchange ex, int status, long bytes, long durationNanos) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            HttpServerRequest r = ex.request();
            g.writeStartObject();
            g.writeStringField("ClientHost", ex.clientIp());
            g.writeStringField("ClientUsername", dash(ex.facts().username()));
            g.writeStringField("RequestMethod", r.method().name());
            g.writeStringField("RequestPath", pathOf(r.uri()));
            g.writeStringField("RequestProtocol", protocol(r));
            g.writeStringField("RequestHost", ex.host());
            g.writeNumberField("DownstreamStatus", status);
            g.writeNumberField("DownstreamContentSize", bytes);
            g.writeNumberField("Duration", durationNanos);
            g.writeStringField("EntryPointName", ex.entryPoint());
            if (ex.facts().routerName() != null) {
                g.writeStringField("RouterName", ex.facts().routerName());
            }
            if (ex.facts().serviceName() != null) {
                g.writeStringField("ServiceName", ex.facts().serviceName());
            }
            if (ex.facts().upstreamAddress() != null) {
                g.writeStringField("ServiceAddr", ex.facts().upstreamAddress());
            }
            g.writeNumberField("RetryAttempts", ex.facts().retryAttempts());
            if (ex.facts().authReason() != null) {
                g.writeStringField("JwtReason", ex.facts().authReason());
            }
            McpFacts mcp = ex.attribute(McpFacts.KEY);
            if (mcp != null && !mcp.entries().isEmpty()) {
                writeMcp(g, mcp);
            }
            g.writeStringField("StartUTC", Instant.now().minusNanos(durationNanos).toString());
            g.writeEndObject();
        } catch (IOException e) {
            return "{\"error\":\"access log line could not be written\"}";
        }
        return w.toString();
    }

    /** The mcp middleware's decisions, one value per call, joined with commas for a batch. */
    private static void writeMcp(JsonGenerator g, McpFacts mcp) throws IOException {
        List<McpFacts.Entry> entries = mcp.entries();
        g.writeStringField("MCPMethod", printable(join(entries, McpFacts.Entry::method)));
        g.writeStringField("MCPTool", printable(join(entries, e -> dash(e.target()))));
        g.writeStringField("MCPDecision", join(entries, McpFacts.Entry::decision));
        g.writeStringField("MCPPolicy", join(entries, e -> dash(e.policy())));
        if (mcp.filtered() > 0) {
            g.writeNumberField("MCPFiltered", mcp.filtered());
        }
    }

    private static String join(List<McpFacts.Entry> entries, java.util.function.Function<McpFacts.Entry, String> field) {
        return String.join(",", entries.stream().map(field).toList());
    }

    /** The path without the query string: query strings may carry tokens (tokenKey). */
    private static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return printable(q < 0 ? uri : uri.substring(0, q));
    }

    /** A refused request may carry CR, LF or quotes: never let them split or forge a log line. */
    private static String printable(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c < 0x20 || c == 0x7F || c == '"';
            if (bad && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                if (bad) {
                    out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? s : out.toString();
    }

    private static String protocol(HttpServerRequest r) {
        return switch (r.version()) {
            case HTTP_2 -> "HTTP/2.0";
            case HTTP_1_0 -> "HTTP/1.0";
            default -> "HTTP/1.1";
        };
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : printable(s);
    }

    private void drain() {
        while (running || !queue.isEmpty()) {
            try {
                String line = queue.poll(200, TimeUnit.MILLISECONDS);
                if (line == null) {
                    out.flush();
                    continue;
                }
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                LOG.error("access log write failed: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(2000);
            out.flush();
            if (config.filePath() != null) {
                out.close();
            }
        } catch (InterruptedException | IOException e) {
            Thread.currentThread().interrupt();
        }
    }
}
