package io.jwtgate.gateway.server;

import io.jwtgate.gateway.config.statics.IoTransportChoice;
import io.jwtgate.jwt.config.ConfigException;
import io.vertx.core.transport.Transport;
import java.util.function.Function;

/**
 * The event loops' I/O transport for an {@link IoTransportChoice}. io_uring first because it costs less
 * CPU per proxied request here than epoll (docs/benchmarks.md: the kernel batches the reads and writes of
 * a loop iteration instead of one system call each); {@code auto} falls back when the kernel refuses it
 * (seccomp, {@code kernel.io_uring_disabled}, kernels before 5.14), and an explicit choice that cannot be
 * honoured stops the start instead of running on something else.
 */
public final class IoTransports {

    /** The transport used and, when {@code auto} fell back, why the better ones were not. */
    public record Selected(IoTransportChoice transport, String fallbackReason) {
    }

    private IoTransports() {
    }

    /** {@code source}: the static configuration's file, for the error when an explicit choice is unavailable. */
    public static Selected select(IoTransportChoice choice, String source) throws ConfigException {
        return select(choice, source, c -> unavailability(vertxTransport(c)));
    }

    /** {@code unavailable}: null when the transport can be used, else why not. */
    static Selected select(IoTransportChoice choice, String source, Function<IoTransportChoice, String> unavailable)
            throws ConfigException {
        if (choice != IoTransportChoice.AUTO) {
            String why = unavailable.apply(choice);
            if (why != null) {
                throw new ConfigException(source, "ioTransport", choice.configName() + " is not available on this machine: " + why,
                        "remove ioTransport (auto takes the best one that works) or write " + (choice == IoTransportChoice.EPOLL ? "nio" : "epoll or nio"));
            }
            return new Selected(choice, null);
        }
        StringBuilder reasons = new StringBuilder();
        for (IoTransportChoice c : new IoTransportChoice[] {IoTransportChoice.IO_URING, IoTransportChoice.EPOLL}) {
            String why = unavailable.apply(c);
            if (why == null) {
                return new Selected(c, reasons.isEmpty() ? null : reasons.toString());
            }
            reasons.append(reasons.isEmpty() ? "" : "; ").append(c.configName()).append(": ").append(why);
        }
        return new Selected(IoTransportChoice.NIO, reasons.toString());
    }

    /** Vert.x's transport for a {@link Selected#transport()} (never {@code AUTO}, which {@link #select} resolves). */
    public static Transport vertxTransport(IoTransportChoice choice) {
        return switch (choice) {
            case IO_URING -> Transport.IO_URING;
            case EPOLL -> Transport.EPOLL;
            case NIO -> Transport.NIO;
            case AUTO -> throw new IllegalArgumentException("auto names no transport: IoTransports.select resolves it");
        };
    }

    private static String unavailability(Transport transport) {
        if (transport == null) {
            return "not built for this platform";
        }
        if (transport.available()) {
            return null;
        }
        Throwable cause = transport.unavailabilityCause();
        while (cause != null && cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause == null ? "unavailable" : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
