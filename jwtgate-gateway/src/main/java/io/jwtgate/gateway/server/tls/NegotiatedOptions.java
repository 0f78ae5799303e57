package io.jwtgate.gateway.server.tls;

import io.jwtgate.gateway.runtime.tls.TlsOptionsRef;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;

/**
 * Which TLS options a connection's session was negotiated with. Every set of options has its own
 * JDK {@code SSLContext}, so a session's context names them, for full and resumed handshakes alike
 * (a session is only resumed by the context that made it). Sessions invalidated on purpose
 * ({@code disableSessionTickets}) lose their context, and carry the options as a session value
 * instead; tagging every session that way would stop TLS 1.2 resumption, so only those are tagged.
 */
public final class NegotiatedOptions {

    static final String SESSION_KEY = "io.jwtgate.gateway.tls.options";

    /** Weak keys: a context lives as long as its SSLContext and the sessions of live connections. */
    private static final Map<SSLSessionContext, TlsOptionsRef> BY_CONTEXT = Collections.synchronizedMap(new WeakHashMap<>());

    private NegotiatedOptions() {}

    static void register(SSLSessionContext context, TlsOptionsRef options) {
        BY_CONTEXT.put(context, options);
    }

    /** The options of the session, or null when it was not made by jwtgate's TLS options (never true of an entry point's session). */
    public static TlsOptionsRef of(SSLSession session) {
        if (session == null) {
            return null;
        }
        SSLSessionContext context = session.getSessionContext();
        if (context != null) {
            TlsOptionsRef ref = BY_CONTEXT.get(context);
            if (ref != null) {
                return ref;
            }
        }
        return session.getValue(SESSION_KEY) instanceof TlsOptionsRef ref ? ref : null;
    }
}
