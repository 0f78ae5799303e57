package io.jwtgate.gateway.provider.kubernetes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.jwt.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A {@code Middleware} resource as a middleware of the dynamic configuration: {@code spec.plugin.jwt}
 * becomes {@code plugin.jwt}; every other kind keeps its options as the file provider has them
 * (the middleware type parses both forms: {@code headers}, {@code compress}, {@code passTLSClientCert}
 * whose CRD field is Traefik's dynamic struct itself, ...); {@code chain} refers to {@code {name, namespace}} entries, rewritten to qualified names;
 * the {@code secret} of {@code basicAuth}/{@code digestAuth} becomes references to the Secret's keys ({@link AuthSecretOptions});
 * the Secrets of {@code rateLimit.redis} become secret references ({@link RateLimitRedisCrd});
 * {@code forwardAuth} names its certificates by Secret ({@link ForwardAuthCrd});
 * {@code errors} names a Kubernetes Service, which becomes a load balancer of its own.
 * A kind jwtgate does not implement keeps its name as type, so the routers using it are disabled with a clear error.
 */
final class MiddlewareTranslator {

    private final SecretStore secrets;
    private final ServiceReferences services;
    private final MiddlewareReferences middlewareRefs;
    private final boolean allowCrossNamespace;
    private final Consumer<String> warn;

    MiddlewareTranslator(SecretStore secrets, ServiceReferences services, MiddlewareReferences middlewareRefs, boolean allowCrossNamespace,
                         Consumer<String> warn) {
        this.secrets = secrets;
        this.services = services;
        this.middlewareRefs = middlewareRefs;
        this.allowCrossNamespace = allowCrossNamespace;
        this.warn = warn;
    }

    /** The middleware; the services it defines (the {@code errors} page's load balancer) go to {@code out}. */
    MiddlewareConfig translate(KubeResource m, CrdOutput out) {
        String name = CrdNames.qualified(m.namespace(), m.name());
        ConfigNode spec = m.spec();
        try {
            Map<String, ConfigNode> types = new LinkedHashMap<>(spec.fields());
            types.values().removeIf(ConfigNode::isMissing);
            if (types.size() != 1) {
                throw spec.error(types.isEmpty() ? "has no middleware type" : "has several middleware types " + types.keySet(),
                        "give the Middleware exactly one, e.g. `spec: {plugin: {jwt: {...}}}`");
            }
            Map.Entry<String, ConfigNode> only = types.entrySet().iterator().next();
            String type = only.getKey();
            ConfigNode options = only.getValue();
            if (type.equalsIgnoreCase("plugin")) {
                Map<String, ConfigNode> plugins = options.fields();
                if (plugins.size() != 1) {
                    throw options.error("must name exactly one plugin", "write `plugin: {jwt: {...}}`");
                }
                Map.Entry<String, ConfigNode> plugin = plugins.entrySet().iterator().next();
                type = "plugin." + plugin.getKey();
                options = plugin.getValue();
            } else if (type.equalsIgnoreCase("chain")) {
                type = "chain";
                options = chain(m, options, out);
            } else if (type.equalsIgnoreCase("basicAuth") || type.equalsIgnoreCase("digestAuth")) {
                options = AuthSecretOptions.rewrite(m, type, options, secrets);
            } else if (type.equalsIgnoreCase("rateLimit")) {
                options = RateLimitRedisCrd.rewrite(m, options, secrets);
            } else if (type.equalsIgnoreCase("circuitBreaker")) {
                options = circuitBreaker(options);
            } else if (type.equalsIgnoreCase("forwardAuth")) {
                type = "forwardAuth";
                options = ForwardAuthCrd.translate(m, options, secrets);
            } else if (type.equalsIgnoreCase("errors")) {
                type = "errors";
                options = errorPage(m, options, out);
            }
            return new MiddlewareConfig(name, type, options, m.describe(), null, secrets.revision(m.namespace(), options.toPlain()));
        } catch (ConfigException e) {
            return new MiddlewareConfig(name, null, spec, m.describe(), e);
        }
    }

    /**
     * The CRD's {@code responseCode} is a plain int whose zero value means "not set" (Traefik then
     * keeps the default 503); in a file, 0 is a value jwtgate refuses. Durations may be integers
     * (IntOrString: seconds), as the file form reads them.
     */
    private static ConfigNode circuitBreaker(ConfigNode options) throws ConfigException {
        if (!options.isObject() || !options.has("responseCode") || options.get("responseCode").integer(-1) != 0) {
            return options;
        }
        Map<String, Object> plain = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> e : options.fields().entrySet()) {
            if (!e.getKey().equalsIgnoreCase("responseCode")) {
                plain.put(e.getKey(), e.getValue().toPlain());
            }
        }
        return ConfigNode.of(plain, options.source(), options.path());
    }

    /**
     * {@code spec.errors.service} names a Kubernetes Service and port (Traefik's LoadBalancerSpec):
     * as Traefik's createErrorPageMiddleware, it becomes a load balancer of its own,
     * {@code <namespace>-<middleware>-errorpage-service@kubernetescrd}, which the options then name.
     * A {@code TraefikService} written {@code name@provider} names that service as it is. A
     * Service that cannot be resolved fails the Middleware (its routers answer 503), as in Traefik.
     */
    private ConfigNode errorPage(KubeResource m, ConfigNode options, CrdOutput out) throws ConfigException {
        ConfigNode ref = options.get("service");
        if (!ref.isObject()) {
            throw ref.error("must refer to a Kubernetes Service", "write `service: {name: error-pages, port: 80}`");
        }
        ref.warnUnknownKeys(IngressRouteTranslator.SERVICE_KEYS, warn);
        String own = CrdNames.local(CrdNames.qualified(m.namespace(), m.name())) + "-errorpage-service@" + CrdNames.PROVIDER;
        ServiceReferences.Resolved resolved = services.resolve(m.namespace(), ref, m, own, out);
        if (resolved.loadBalancer() != null) {
            out.services.put(resolved.name(), resolved.loadBalancer());
        }
        String service = resolved.name();
        @SuppressWarnings("unchecked")
        Map<String, Object> rewritten = new LinkedHashMap<>((Map<String, Object>) options.toPlain());
        rewritten.put("service", service);
        return ConfigNode.of(rewritten, m.describe(), options.path());
    }

    private ConfigNode chain(KubeResource m, ConfigNode options, CrdOutput out) throws ConfigException {
        ArrayNode names = JsonNodeFactory.instance.arrayNode();
        for (ConfigNode ref : options.get("middlewares").elements()) {
            names.add(middlewareRefs.resolve(m.namespace(), ref, m, out)); // Traefik's resolveReference, as for routes
        }
        if (names.isEmpty()) {
            throw options.get("middlewares").error("is empty", "list the middlewares: `middlewares: [{name: a}, {name: b}]`");
        }
        ObjectNode rewritten = JsonNodeFactory.instance.objectNode();
        rewritten.set("middlewares", names);
        return new ConfigNode(rewritten, m.describe(), options.path());
    }
}
