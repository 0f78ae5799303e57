package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The watches a composite service (weighted, mirroring, failover) holds on its children's health,
 * ended when the composite is closed (it is rebuilt on every reload; its children may be reused).
 */
final class ChildHealth implements AutoCloseable {

    private final List<Runnable> cancels = new ArrayList<>();

    /**
     * Follows {@code child}'s health; returns whether it is up now. As Traefik, a child that does not
     * report its health is a configuration error of the parent.
     */
    boolean follow(String parent, String childName, ServiceHandler child, ConfigNode at, Consumer<Boolean> listener) throws ConfigException {
        ServiceHandler.Watch watch = child.watchHealth(listener);
        if (watch == null) {
            throw at.error("child service " + childName + " of " + parent + " does not report its health (healthCheck not enabled in its"
                    + " configuration)", "give " + childName + " a healthCheck (a loadBalancer: healthCheck with a path; weighted,"
                    + " mirroring, failover: healthCheck: {}), or remove healthCheck from " + parent);
        }
        cancels.add(watch.cancel());
        return watch.upNow();
    }

    @Override
    public void close() {
        cancels.forEach(Runnable::run);
        cancels.clear();
    }
}
