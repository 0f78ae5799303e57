package io.jwtgate.gateway.middleware.grpcweb;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.jwtgate.gateway.http.ResponseFilter;
import io.jwtgate.gateway.http.ResponseWriter;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A gRPC response turned into a gRPC-Web one, as improbable-eng's grpcWebResponse does it for
 * Traefik: {@code application/grpc} becomes {@code application/grpc-web} (or {@code -text}) in the
 * content type, every response header is exposed to scripts (plus {@code grpc-status} and
 * {@code grpc-message}), the body is passed on (base64, each chunk padded on its own, in text
 * mode), and the trailers become a last length-prefixed frame with flag {@code 0x80}: lower-case
 * {@code name: value} lines, sorted. Everything written through it is converted, the gateway's own
 * answers (a 401, a 502) included, as Traefik's wrapper converts whatever its handler writes.
 */
final class GrpcWebResponse extends ResponseFilter {

    static final String GRPC = "application/grpc";
    static final String GRPC_WEB = "application/grpc-web";
    static final String GRPC_WEB_TEXT = "application/grpc-web-text";
    private static final byte TRAILER_FLAG = (byte) 0x80;

    private final boolean text;
    private final MultiMap cors;
    /** Ours: the backend's trailers end up in the body, never in the client response's trailers. */
    private final MultiMap trailers = MultiMap.caseInsensitiveMultiMap();

    /**
     * @param text in text mode (the request was {@code application/grpc-web-text}) the body is base64
     * @param cors CORS headers for the response, each unless the backend sent that name (Go's header copy overwrites)
     */
    GrpcWebResponse(ResponseWriter next, boolean text, MultiMap cors) {
        super(next);
        this.text = text;
        this.cors = cors;
    }

    @Override
    public MultiMap trailers() {
        return trailers;
    }

    @Override
    protected void onHead() {
        MultiMap headers = headers();
        for (String name : cors.names()) {
            if (!headers.contains(name)) {
                headers.add(name, cors.getAll(name));
            }
        }
        headers.remove("Trailer");
        // The trailer frame (and base64) change the length.
        headers.remove("Content-Length");
        List<String> types = headers.getAll("Content-Type");
        if (!types.isEmpty()) {
            String contentType = text ? GRPC_WEB_TEXT : GRPC_WEB;
            List<String> converted = new ArrayList<>(types.size());
            for (String t : types) {
                converted.add(replaceFirst(t, GRPC, contentType));
            }
            headers.set("Content-Type", converted);
        }
        List<String> exposed = new ArrayList<>();
        for (String name : headers.names()) {
            String canonical = GrpcWebCors.canonical(name);
            if (!exposed.contains(canonical)) {
                exposed.add(canonical);
            }
        }
        exposed.add("grpc-status");
        exposed.add("grpc-message");
        headers.set("Access-Control-Expose-Headers", String.join(", ", exposed));
    }

    @Override
    public void write(Buffer chunk) {
        commitHead();
        if (chunk.length() > 0) {
            next.write(encoded(chunk));
        }
    }

    @Override
    public void end(Buffer last) {
        commitHead();
        markEnded();
        if (last != null && last.length() > 0) {
            next.write(encoded(last));
        }
        next.end(encoded(trailerFrame(trailers)));
    }

    private Buffer encoded(Buffer bytes) {
        return text ? Buffer.buffer(Base64.getEncoder().encode(bytes.getBytes())) : bytes;
    }

    /** The trailers as gRPC-Web's last frame: flag 0x80, 4-byte big-endian length, then Go's {@code Header.Write} of them. */
    static Buffer trailerFrame(MultiMap trailers) {
        Map<String, List<String>> sorted = new TreeMap<>();
        for (Map.Entry<String, String> t : trailers) {
            sorted.computeIfAbsent(t.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(t.getValue());
        }
        StringBuilder block = new StringBuilder();
        sorted.forEach((name, values) -> values.forEach(v ->
                block.append(name).append(": ").append(v.replace('\r', ' ').replace('\n', ' ').strip()).append("\r\n")));
        byte[] payload = block.toString().getBytes(ISO_8859_1);
        return Buffer.buffer(5 + payload.length).appendByte(TRAILER_FLAG).appendInt(payload.length).appendBytes(payload);
    }

    static String replaceFirst(String value, String target, String replacement) {
        int at = value.indexOf(target);
        return at < 0 ? value : value.substring(0, at) + replacement + value.substring(at + target.length());
    }
}
