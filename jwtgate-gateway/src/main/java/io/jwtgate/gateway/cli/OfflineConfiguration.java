package io.jwtgate.gateway.cli;

import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.middleware.jwt.JwtMiddleware;
import io.jwtgate.gateway.middleware.jwt.JwtMiddlewareType;
import io.jwtgate.gateway.middleware.mcp.McpMiddleware;
import io.jwtgate.gateway.middleware.registry.MiddlewareRegistry;
import io.jwtgate.gateway.provider.ConfigProvider;
import io.jwtgate.gateway.provider.FileProvider;
import io.jwtgate.gateway.provider.kubernetes.KubernetesProviders;
import io.jwtgate.gateway.proxy.ServiceRegistry;
import io.jwtgate.gateway.runtime.Problem;
import io.jwtgate.gateway.runtime.Runtime;
import io.jwtgate.gateway.runtime.RuntimeFactory;
import io.jwtgate.gateway.server.InternalRouterServices;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.jwtgate.gateway.watcher.ConfigurationWatcher;
import io.jwtgate.jwt.config.ConfigException;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The configuration built exactly as {@code run} builds it, without listening on any port: for
 * {@code check}, {@code verify} and {@code jwks}, which must work next to a running gateway.
 */
final class OfflineConfiguration implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final ConfigurationWatcher watcher;
    private final Runtime runtime;
    private final List<Problem> problems;
    private final DynamicConfig config;

    OfflineConfiguration(StaticConfig staticConfig) throws ConfigException {
        List<ConfigProvider> providers = new ArrayList<>(FileProvider.fromStatic(staticConfig, warnings::add));
        providers.addAll(KubernetesProviders.from(staticConfig, warnings::add));
        BuildContext context = new BuildContext(vertx, warnings::add, ConfigurationWatcher.secretsOf(providers, null));
        watcher = new ConfigurationWatcher(providers, new RuntimeFactory(staticConfig,
                MiddlewareRegistry.types(new JwtMiddlewareType(staticConfig.jwtEngine()), Map.of()), ServiceRegistry.types(Map.of()), context,
                SelfSignedCertificate.generate(), InternalRouterServices.of(staticConfig, Runtime::empty, () -> null, () -> true, "check")));
        RuntimeFactory.Built built = watcher.load((previous, next, initial) -> { });
        runtime = built.runtime();
        config = runtime.config();
        problems = built.problems();
    }

    Runtime runtime() {
        return runtime;
    }

    DynamicConfig config() {
        return config;
    }

    /** Every problem, one line each. */
    List<String> problems() {
        return problems.stream().map(Problem::message).toList();
    }

    /** The problems of one element, named with or without {@code @provider} (never matched by substring). */
    List<String> problemsOf(Problem.Kind kind, String name) {
        return problems.stream().filter(p -> p.element().kind() == kind
                        && (p.element().name().equals(name) || p.element().name().startsWith(name + "@")))
                .map(Problem::message).toList();
    }

    /** The built JWT middleware with this name (with or without {@code @provider}), or null. */
    JwtMiddleware jwtMiddleware(String name) {
        for (Middleware m : runtime.middlewares().values()) {
            if (m instanceof JwtMiddleware jwt && (jwt.name().equals(name) || jwt.name().startsWith(name + "@"))) {
                return jwt;
            }
        }
        return null;
    }

    /** The built mcp middleware with this name (with or without {@code @provider}), or null. */
    McpMiddleware mcpMiddleware(String name) {
        for (Middleware m : runtime.middlewares().values()) {
            if (m instanceof McpMiddleware mcp && (mcp.name().equals(name) || mcp.name().startsWith(name + "@"))) {
                return mcp;
            }
        }
        return null;
    }

    /** Names of every JWT middleware (plugin.jwt, and plugin.oAuthIntrospection, built as one) of the configuration, valid or not, for "did you mean" messages. */
    List<String> jwtMiddlewareNames() {
        return config.middlewares().values().stream().filter(m -> "plugin.jwt".equals(m.type()) || "plugin.oAuthIntrospection".equals(m.type())).map(m -> m.name()).sorted().toList();
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void close() {
        RuntimeFactory.closeUnused(runtime, Runtime.empty());
        watcher.close();
        vertx.close();
    }
}
