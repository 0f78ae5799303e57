package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.jwt.config.ConfigException;

/** Builds services of one type ({@code loadBalancer}, {@code weighted}, ...) from their options. */
@FunctionalInterface
public interface ServiceType {

    /** Validates the options completely; an exception here makes every router that uses the service answer 503. */
    ServiceHandler build(ServiceConfig config, ServiceContext context) throws ConfigException;
}
