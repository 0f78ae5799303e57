package io.jwtgate.gateway.support;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Closes what a test class started in {@code @BeforeAll}, after its last test, newest first
 * (the gateway before its backends), even when starting failed half-way:
 * <pre>{@code
 * @RegisterExtension static final Closing closing = new Closing();
 *
 * @BeforeAll static void start() throws Exception {
 *     backend = closing.add(new CountingBackend());
 *     gw = closing.add(TestGateway.proxyingTo(backend.url()));
 * }
 * }</pre>
 */
public final class Closing implements AfterAllCallback {

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    /** Registers {@code resource} to be closed after the last test; returns it. */
    public <T extends AutoCloseable> T add(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Exception failure = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
