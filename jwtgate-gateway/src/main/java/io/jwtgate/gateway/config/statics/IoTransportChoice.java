package io.jwtgate.gateway.config.statics;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Locale;

/**
 * {@code ioTransport} (jwtgate extension; Go's runtime has one network poller and no such choice): the I/O
 * transport of the event loops. {@code auto} takes io_uring when the kernel allows it (container runtimes'
 * default seccomp profiles often do not), then epoll, then Java's NIO. docs/operations.md#io-transport.
 */
public enum IoTransportChoice {
    AUTO("auto"), IO_URING("io_uring"), EPOLL("epoll"), NIO("nio");

    private final String configName;

    IoTransportChoice(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    static IoTransportChoice parse(ConfigNode node) throws ConfigException {
        String value = node.string("auto");
        for (IoTransportChoice c : values()) {
            if (c.configName.equals(value.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw node.error("unknown I/O transport \"" + value + "\"",
                "write auto (io_uring, else epoll, else nio), io_uring, epoll or nio");
    }
}
