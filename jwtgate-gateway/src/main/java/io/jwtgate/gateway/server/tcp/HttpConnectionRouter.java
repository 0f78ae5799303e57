package io.jwtgate.gateway.server.tcp;

import io.vertx.core.net.SocketAddress;
import java.util.function.IntSupplier;

/** Cleartext connections to the entry point's HTTP server, TLS connections to its HTTPS server (both on loopback). */
public final class HttpConnectionRouter implements ConnectionRouter {

    /** PROXY protocol v2 to the internal servers: binary, no text to parse. */
    private static final int PROXY_VERSION = 2;

    private final IntSupplier httpPort;
    private final IntSupplier httpsPort;

    public HttpConnectionRouter(IntSupplier httpPort, IntSupplier httpsPort) {
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    public Target http() {
        return new Fixed(SocketAddress.inetSocketAddress(httpPort.getAsInt(), "127.0.0.1"), PROXY_VERSION);
    }

    public Target https() {
        return new Fixed(SocketAddress.inetSocketAddress(httpsPort.getAsInt(), "127.0.0.1"), PROXY_VERSION);
    }

    @Override
    public Target route(SocketAddress client, ClientHello hello) {
        return hello instanceof ClientHello.Tls ? https() : http();
    }
}
