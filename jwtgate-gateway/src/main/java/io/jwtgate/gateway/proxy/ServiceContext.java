package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.statics.ServersTransportConfig;
import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.gateway.config.ConfigNode;
import io.vertx.core.Vertx;
import java.util.function.Consumer;

/** What service types may use while building: Vert.x (health checks), a sink for warnings, and the other services. */
public interface ServiceContext {

    Vertx vertx();

    Consumer<String> warnings();

    /**
     * The service a child reference names ({@code weighted.services[].name}), qualified with the
     * parent's provider when it names none, as Traefik does. A missing service or a loop is
     * reported once as a problem of the parent, and the child answers 503: the other children keep working.
     *
     * @param at the node holding the reference, for the error's key path
     */
    ServiceHandler service(String reference, ConfigNode at);

    /**
     * The {@code http.serversTransports} entry a load balancer's {@code serversTransport} names
     * (qualified with the service's provider when it names none), or null for Traefik's
     * {@code default@internal}: the static {@code serversTransport}.
     *
     * @throws ConfigException when no such transport is defined (or its definition is invalid)
     */
    ServersTransportConfig serversTransport(String reference, ConfigNode at) throws ConfigException;
}
