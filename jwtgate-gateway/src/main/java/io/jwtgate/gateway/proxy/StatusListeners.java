package io.jwtgate.gateway.proxy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who follows a service's health (Traefik's status updaters): the parents that registered with
 * {@link ServiceHandler#watchHealth}. A parent rebuilt on reload cancels its watch when the old
 * runtime is closed, so a reused child never calls a parent that is gone.
 */
final class StatusListeners {

    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();

    ServiceHandler.Watch add(Consumer<Boolean> listener, boolean upNow) {
        listeners.add(listener);
        return new ServiceHandler.Watch(upNow, () -> listeners.remove(listener));
    }

    void publish(boolean up) {
        for (Consumer<Boolean> l : listeners) {
            l.accept(up);
        }
    }
}
