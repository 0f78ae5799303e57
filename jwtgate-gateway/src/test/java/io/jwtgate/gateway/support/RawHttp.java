package io.jwtgate.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.x written byte for byte by the test: the exact framing an attacker would send, which no
 * well-behaved client library lets through. {@code \n} in a request text is sent as CRLF.
 */
public final class RawHttp implements AutoCloseable {

    /** A response as read off the socket. */
    public record Response(int status, List<String[]> headers, String body) {
        public String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }
    }

    private final Socket socket;
    private final InputStream in;

    public RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
    }

    /** Sends {@code request} with every {@code \n} written as CRLF. */
    public RawHttp send(String request) throws IOException {
        return sendBytes(request.replace("\r\n", "\n").replace("\n", "\r\n"));
    }

    /** Sends {@code bytes} exactly as given (Latin-1). */
    public RawHttp sendBytes(String bytes) throws IOException {
        socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** One request on a fresh connection: its response. */
    public static Response exchange(int port, String request) throws IOException {
        try (RawHttp c = new RawHttp(port)) {
            return c.send(request).read();
        }
    }

    /** Reads one response (100 Continue included, as a response of its own). */
    public Response read() throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("connection closed before a response");
        }
        String[] parts = status.split(" ", 3);
        List<String[]> headers = new ArrayList<>();
        String h;
        long length = -1;
        boolean chunked = false;
        while ((h = line()) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon);
            String value = h.substring(colon + 1).trim();
            headers.add(new String[] {name, value});
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            }
            if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        int code = Integer.parseInt(parts[1]);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (code == 100 || code == 204 || code == 304) {
            return new Response(code, headers, "");
        }
        if (chunked) {
            while (true) {
                int n = Integer.parseInt(line().trim(), 16);
                if (n == 0) {
                    line();
                    break;
                }
                body.write(in.readNBytes(n));
                line();
            }
        } else if (length >= 0) {
            body.write(in.readNBytes((int) length));
        }
        return new Response(code, headers, body.toString(StandardCharsets.UTF_8));
    }

    /** True when the gateway closed the connection (no further byte within {@code millis}). */
    public boolean closedWithin(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    private String line() throws IOException {
        return CrLf.readLine(in);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
