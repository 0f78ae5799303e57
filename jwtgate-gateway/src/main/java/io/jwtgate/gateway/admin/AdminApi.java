package io.jwtgate.gateway.admin;

import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.gateway.config.dynamic.RouterConfig;
import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.middleware.jwt.JwtMiddleware;
import io.jwtgate.gateway.runtime.Runtime;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The read-only admin API, shaped like Traefik's ({@code /api/overview}, {@code /api/http/routers},
 * {@code /api/http/services}, {@code /api/http/middlewares}, {@code /api/entrypoints},
 * {@code /api/version}), plus {@code /api/jwt} with each JWT middleware's counters. It never
 * shows a secret: middleware options are listed with secret-bearing values masked.
 */
public final class AdminApi {

    private static final List<String> SECRET_OPTIONS = List.of("signingsecret", "key", "password");

    private final StaticConfig staticConfig;
    private final Supplier<Runtime> runtime;
    private final String version;

    public AdminApi(StaticConfig staticConfig, Supplier<Runtime> runtime, String version) {
        this.staticConfig = staticConfig;
        this.runtime = runtime;
        this.version = version;
    }

    /** The JSON for an API path, or null when the path is not an API resource. */
    public Object answer(String path) {
        Runtime rt = runtime.get();
        return switch (path) {
            case "/api/overview" -> overview(rt);
            case "/api/http/routers" -> routers(rt);
            case "/api/http/services" -> services(rt);
            case "/api/http/middlewares" -> middlewares(rt);
            case "/api/entrypoints" -> entryPoints();
            case "/api/jwt" -> jwt(rt);
            case "/api/version" -> new JsonObject().put("Version", version).put("Codename", "jwtgate");
            default -> single(rt, path);
        };
    }

    private Object single(Runtime rt, String path) {
        for (String kind : List.of("routers", "services", "middlewares")) {
            String prefix = "/api/http/" + kind + "/";
            if (path.startsWith(prefix)) {
                String name = java.net.URLDecoder.decode(path.substring(prefix.length()), java.nio.charset.StandardCharsets.UTF_8);
                JsonArray all = switch (kind) {
                    case "routers" -> routers(rt);
                    case "services" -> services(rt);
                    default -> middlewares(rt);
                };
                for (Object o : all) {
                    if (((JsonObject) o).getString("name").equals(name)) {
                        return o;
                    }
                }
                return null;
            }
        }
        return null;
    }

    private JsonObject overview(Runtime rt) {
        return new JsonObject()
                .put("http", new JsonObject()
                        .put("routers", counts(routers(rt)))
                        .put("services", counts(services(rt)))
                        .put("middlewares", counts(middlewares(rt))))
                .put("entryPoints", staticConfig.entryPoints().size())
                .put("problems", rt.errors().size());
    }

    private static JsonObject counts(JsonArray elements) {
        long errors = elements.stream().filter(o -> "disabled".equals(((JsonObject) o).getString("status"))).count();
        return new JsonObject().put("total", elements.size()).put("warnings", 0).put("errors", errors);
    }

    private JsonArray routers(Runtime rt) {
        JsonArray out = new JsonArray();
        new TreeMap<>(rt.config().routers()).values().forEach((RouterConfig r) -> {
            String error = rt.errors().get(r.name());
            JsonObject o = new JsonObject().put("name", r.name()).put("rule", r.rule()).put("service", r.service())
                    .put("middlewares", new JsonArray(r.middlewares()))
                    .put("entryPoints", new JsonArray(r.entryPoints().isEmpty() && !r.isChild()
                            ? List.copyOf(staticConfig.entryPoints().keySet()) : r.entryPoints()))
                    .put("priority", r.priority() > 0 ? r.priority() : (r.rule() == null ? 0 : r.rule().length()))
                    .put("tls", r.tls()).put("provider", provider(r.name()))
                    .put("parentRefs", new JsonArray(r.parentRefs()))
                    .put("status", error == null ? "enabled" : "disabled");
            if (error != null) {
                o.put("error", error);
            }
            out.add(o);
        });
        return out;
    }

    private JsonArray services(Runtime rt) {
        JsonArray out = new JsonArray();
        new TreeMap<>(rt.config().services()).values().forEach((ServiceConfig s) -> {
            JsonObject o = new JsonObject().put("name", s.name()).put("provider", provider(s.name()));
            // The type key as configured (lower-cased, as Traefik's API names it) and the options as written.
            o.put("type", s.type() == null ? "invalid" : s.type().toLowerCase(java.util.Locale.ROOT));
            if (s.options().toPlain() instanceof java.util.Map<?, ?> options) {
                o.put("options", JsonObject.mapFrom(options));
            }
            String error = rt.errors().get(s.name());
            o.put("status", error == null ? "enabled" : "disabled");
            if (error != null) {
                o.put("error", error);
            }
            out.add(o);
        });
        return out;
    }

    private JsonArray middlewares(Runtime rt) {
        JsonArray out = new JsonArray();
        new TreeMap<>(rt.config().middlewares()).values().forEach((MiddlewareConfig m) -> {
            JsonObject o = new JsonObject().put("name", m.name()).put("type", m.type()).put("provider", provider(m.name()));
            Object options = m.options().toPlain();
            if (options instanceof Map<?, ?> map) {
                o.put("options", mask(map));
            }
            String error = rt.errors().get(m.name());
            o.put("status", error == null ? "enabled" : "disabled");
            if (error != null) {
                o.put("error", error);
            }
            out.add(o);
        });
        return out;
    }

    private JsonArray jwt(Runtime rt) {
        JsonArray out = new JsonArray();
        rt.middlewares().values().stream().filter(JwtMiddleware.class::isInstance).map(JwtMiddleware.class::cast)
                .sorted(Comparator.comparing(JwtMiddleware::name)).forEach(m -> {
                    var stats = m.authenticator().stats();
                    JsonObject denied = new JsonObject();
                    stats.deniedByReason().forEach((reason, count) -> denied.put(reason.name(), count));
                    out.add(new JsonObject().put("name", m.name()).put("allowed", stats.allowed()).put("denied", denied)
                            .put("keySetFetches", stats.keySetFetches()).put("keySetFetchFailures", stats.keySetFetchFailures())
                            .put("warnings", new JsonArray(m.authenticator().warnings()))
                            .put("keySets", keySets(m)));
                });
        return out;
    }

    private static JsonArray keySets(JwtMiddleware m) {
        JsonArray sets = new JsonArray();
        m.authenticator().keySets().forEach(s -> {
            JsonObject failures = new JsonObject();
            s.failures().forEach((cause, count) -> {
                if (count > 0) {
                    failures.put(cause.name(), count);
                }
            });
            JsonObject o = new JsonObject().put("kind", s.kind().name()).put("source", s.source()).put("issuer", s.issuer())
                    .put("kids", new JsonArray(s.sortedKids())).put("keyCount", s.keyCount())
                    .put("lastSuccess", s.lastSuccess() == null ? null : s.lastSuccess().toString())
                    .put("freshUntil", s.freshUntil() == null ? null : s.freshUntil().toString())
                    .put("servingStale", s.servingStale()).put("successes", s.successes()).put("failures", failures)
                    .put("forcedRefreshes", s.forcedRefreshes()).put("skippedByCooldown", s.skippedByCooldown())
                    .put("droppedKeys", new JsonArray(s.droppedKeys()));
            if (s.lastError() != null) {
                o.put("lastError", new JsonObject().put("cause", s.lastError().cause().name()).put("message", s.lastError().message())
                        .put("at", s.lastError().at().toString()));
            }
            sets.add(o);
        });
        return sets;
    }

    private JsonArray entryPoints() {
        JsonArray out = new JsonArray();
        staticConfig.entryPoints().values().stream().sorted(Comparator.comparing(e -> e.name())).forEach(ep ->
                out.add(new JsonObject().put("name", ep.name()).put("address", ep.host() + ":" + ep.port()).put("tls", ep.tls())));
        return out;
    }

    /** Replaces secret-bearing option values with "***" (never show a secret on an API). */
    private static JsonObject mask(Map<?, ?> options) {
        JsonObject o = new JsonObject();
        options.forEach((k, v) -> {
            String key = String.valueOf(k);
            if (v instanceof Map<?, ?> nested) {
                o.put(key, mask(nested));
            } else if (SECRET_OPTIONS.contains(key.toLowerCase()) && v != null && !String.valueOf(v).matches("^(env|file|urn):.*")) {
                o.put(key, "***");
            } else {
                o.put(key, v instanceof List<?> l ? new JsonArray(l.stream().map(x -> x instanceof Map<?, ?> mm ? mask(mm) : x).toList())
                        : v);
            }
        });
        return o;
    }

    private static String provider(String name) {
        int at = name.indexOf('@');
        return at < 0 ? "" : name.substring(at + 1);
    }
}
