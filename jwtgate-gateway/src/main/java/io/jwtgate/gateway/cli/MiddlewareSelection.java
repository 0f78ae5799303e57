package io.jwtgate.gateway.cli;

import io.jwtgate.jwt.config.GoDuration;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Which JWT middleware a tool works on, and how long it may wait for the middleware's key sets. */
public final class MiddlewareSelection {

    @Option(names = {"--middleware", "-m"}, required = true, description = "Middleware name (with or without @provider).")
    String middleware;

    @Option(names = "--timeout", defaultValue = "10s", description = "How long to wait for remote key sets. Default: ${DEFAULT-VALUE}.")
    String timeout;

    Duration timeout() {
        return GoDuration.parse(timeout);
    }
}
