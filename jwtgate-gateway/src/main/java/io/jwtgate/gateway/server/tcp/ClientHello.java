package io.jwtgate.gateway.server.tcp;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a sniffing entry point reads from the first bytes of a connection, as Traefik's TCP router
 * does before choosing a handler: a TLS ClientHello (its SNI name and offered ALPN protocols) or a
 * cleartext protocol. Hand-written because it only reads two extensions of one message and must
 * never consume the bytes (they are replayed to the chosen handler); Netty's
 * {@code SslClientHelloHandler} needs a Netty pipeline we do not own here.
 */
public sealed interface ClientHello {

    /** Handshake records larger than this are refused (Go's and Netty's limits are of this order). */
    int MAX_HELLO_BYTES = 64 * 1024;

    /** Not enough bytes yet. */
    record NeedMore() implements ClientHello {}

    /** The first byte is not a TLS handshake record. */
    record Cleartext() implements ClientHello {}

    /** A TLS ClientHello; {@code serverName} is "" without SNI. Unparseable hellos count as TLS without SNI. */
    record Tls(String serverName, List<String> alpn) implements ClientHello {
        public Tls {
            alpn = List.copyOf(alpn);
        }
    }

    ClientHello NEED_MORE = new NeedMore();
    ClientHello CLEARTEXT = new Cleartext();
    ClientHello UNREADABLE = new Tls("", List.of());

    static ClientHello read(Buffer in) {
        if (in.length() == 0) {
            return NEED_MORE;
        }
        if (in.getByte(0) != 0x16) {
            return CLEARTEXT;
        }
        // The handshake message may span several records: gather their payloads.
        Buffer handshake = Buffer.buffer();
        int pos = 0;
        while (true) {
            if (in.length() < pos + 5) {
                return NEED_MORE;
            }
            if (in.getByte(pos) != 0x16) {
                return UNREADABLE;
            }
            int length = in.getUnsignedShort(pos + 3);
            if (in.length() < pos + 5 + length) {
                return pos + 5 + length > MAX_HELLO_BYTES ? UNREADABLE : NEED_MORE;
            }
            handshake.appendBuffer(in, pos + 5, length);
            pos += 5 + length;
            if (handshake.length() >= 4) {
                if (handshake.getByte(0) != 1) {
                    return UNREADABLE;
                }
                int helloLength = handshake.getMedium(1);
                if (helloLength + 4 > MAX_HELLO_BYTES) {
                    return UNREADABLE;
                }
                if (handshake.length() >= helloLength + 4) {
                    return parse(handshake.getBuffer(4, 4 + helloLength));
                }
            }
        }
    }

    private static ClientHello parse(Buffer b) {
        try {
            int p = 2 + 32; // legacy version, random
            p += 1 + b.getUnsignedByte(p); // session id
            p += 2 + b.getUnsignedShort(p); // cipher suites
            p += 1 + b.getUnsignedByte(p); // compression methods
            if (p >= b.length()) {
                return new Tls("", List.of());
            }
            int end = p + 2 + b.getUnsignedShort(p);
            p += 2;
            String serverName = "";
            List<String> alpn = new ArrayList<>();
            while (p + 4 <= end) {
                int type = b.getUnsignedShort(p);
                int length = b.getUnsignedShort(p + 2);
                int data = p + 4;
                if (type == 0) { // server_name: list of (type, name); type 0 is host_name
                    int q = data + 2;
                    while (q + 3 <= data + length) {
                        int nameLength = b.getUnsignedShort(q + 1);
                        if (b.getByte(q) == 0) {
                            serverName = b.getString(q + 3, q + 3 + nameLength, StandardCharsets.US_ASCII.name());
                            break;
                        }
                        q += 3 + nameLength;
                    }
                } else if (type == 16) { // application_layer_protocol_negotiation
                    int q = data + 2;
                    while (q < data + length) {
                        int protoLength = b.getUnsignedByte(q);
                        alpn.add(b.getString(q + 1, q + 1 + protoLength, StandardCharsets.US_ASCII.name()));
                        q += 1 + protoLength;
                    }
                }
                p = data + length;
            }
            return new Tls(serverName, alpn);
        } catch (IndexOutOfBoundsException e) {
            return UNREADABLE;
        }
    }
}
