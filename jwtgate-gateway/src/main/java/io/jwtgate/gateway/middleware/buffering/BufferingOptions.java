package io.jwtgate.gateway.middleware.buffering;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The options of Traefik's {@code buffering} middleware, with oxy's defaults: no size limit
 * ({@code 0}), 1 MiB held in memory before the rest goes to a temporary file, no retry.
 *
 * @param maxRequestBodyBytes  {@code maxRequestBodyBytes}: a larger request body is answered 413 (0: no limit)
 * @param memRequestBodyBytes  {@code memRequestBodyBytes}: request bytes kept in memory (0: the default, 1048576)
 * @param maxResponseBodyBytes {@code maxResponseBodyBytes}: a larger response body is answered 500 (0: no limit)
 * @param memResponseBodyBytes {@code memResponseBodyBytes}: response bytes kept in memory (0: the default, 1048576)
 * @param retry                {@code retryExpression}, or null for none
 */
record BufferingOptions(long maxRequestBodyBytes, long memRequestBodyBytes, long maxResponseBodyBytes, long memResponseBodyBytes,
                        RetryExpression retry) {

    /** oxy's (and multibuf's) {@code DefaultMemBodyBytes}: what a 0 or absent {@code mem*BodyBytes} means. */
    static final long DEFAULT_MEMORY_BYTES = 1_048_576;

    private static final Set<String> KEYS = Set.of("maxRequestBodyBytes", "memRequestBodyBytes", "maxResponseBodyBytes",
            "memResponseBodyBytes", "retryExpression");

    static BufferingOptions parse(ConfigNode o, Consumer<String> warnings) throws ConfigException {
        if (!o.isMissing()) {
            o.fields(); // a scalar or a list here is an error, not "no options"
        }
        o.warnUnknownKeys(KEYS, warnings);
        return new BufferingOptions(bytes(o, "maxRequestBodyBytes"), bytes(o, "memRequestBodyBytes"), bytes(o, "maxResponseBodyBytes"),
                bytes(o, "memResponseBodyBytes"), retry(o.get("retryExpression")));
    }

    private static long bytes(ConfigNode o, String key) throws ConfigException {
        ConfigNode n = o.get(key);
        long value = n.integer(0);
        if (value < 0) {
            // oxy's own check ("max bytes should be >= 0"): Traefik refuses the middleware.
            throw n.error("must be 0 or more, found " + value, "write a number of bytes, or 0 for the default");
        }
        return value;
    }

    private static RetryExpression retry(ConfigNode n) throws ConfigException {
        String text = n.string("");
        if (text.isEmpty()) {
            return null; // Traefik sets no retry for an empty expression
        }
        try {
            return RetryExpression.parse(text);
        } catch (RetryExpression.Invalid e) {
            throw n.error("'" + text + "': " + e.getMessage() + " (at offset " + e.offset() + ")",
                    "write a condition such as `IsNetworkError() && Attempts() <= 2`");
        }
    }

    /** The request bytes held in memory: the default for 0, and never more than the limit (as multibuf). */
    long requestMemoryBytes() {
        long memory = memRequestBodyBytes == 0 ? DEFAULT_MEMORY_BYTES : memRequestBodyBytes;
        return maxRequestBodyBytes > 0 && maxRequestBodyBytes < memory ? maxRequestBodyBytes : memory;
    }

    /** The response bytes held in memory: the default for 0. */
    long responseMemoryBytes() {
        return memResponseBodyBytes == 0 ? DEFAULT_MEMORY_BYTES : memResponseBodyBytes;
    }
}
