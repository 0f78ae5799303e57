package io.jwtgate.gateway.config.statics;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code api}: the read-only admin API ({@code /api/...}) and its HTML overview ({@code /dashboard/}),
 * served by routers naming {@code api@internal} (and {@code dashboard@internal}) as in Traefik, and
 * on the {@code traefik} entry point when {@code insecure} is true (Traefik's rule) or when jwtgate
 * creates that entry point itself on 127.0.0.1:8080 (jwtgate's loopback convenience).
 *
 * @param dashboard     {@code dashboard} (default true): also serve {@code /dashboard/}
 * @param insecure      {@code insecure} (default false): serve on the {@code traefik} entry point, created on :8080 if missing
 * @param basePath      {@code basePath} (default "/"): prefix of the API and dashboard paths
 * @param dashboardName {@code dashboardName}: the title the dashboard shows, "" for the default
 * @param onEntryPoint  served on the {@code traefik} entry point: {@code insecure}, or the entry point is jwtgate's loopback one
 */
public record ApiConfig(boolean dashboard, boolean insecure, String basePath, String dashboardName, boolean onEntryPoint) {

    /** Traefik's rule for {@code basePath}. */
    private static final Pattern BASE_PATH = Pattern.compile("^/[a-zA-Z0-9/_.:~-]*$");

    public ApiConfig(boolean dashboard) {
        this(dashboard, false, "/", "", true);
    }

    public ApiConfig servedOnEntryPoint(boolean served) {
        return new ApiConfig(dashboard, insecure, basePath, dashboardName, served);
    }

    /** The base path without its trailing slash ("" for "/"), to put in front of {@code /api/...}. */
    public String prefix() {
        return basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    }

    /** Null when {@code api} is absent. */
    public static ApiConfig parse(ConfigNode root, Consumer<String> warn) throws ConfigException {
        if (!root.has("api")) {
            return null;
        }
        ConfigNode api = root.get("api");
        api.warnUnknownKeys(Set.of("dashboard", "insecure", "debug", "basePath", "disableDashboardAd", "dashboardName"), warn);
        if (api.get("debug").bool(false)) {
            warn.accept(api.source() + ": " + api.get("debug").path() + ": not supported by jwtgate: Go's /debug/vars and"
                    + " /debug/pprof endpoints have no equivalent here, so nothing is served under /debug (profile the JVM"
                    + " with JFR instead: docs/operations.md)");
        }
        api.get("disableDashboardAd").bool(false); // jwtgate's dashboard shows no advertisement: nothing to disable
        String basePath = api.get("basePath").string("/");
        if (!BASE_PATH.matcher(basePath).matches()) {
            throw api.get("basePath").error("'" + basePath + "' is not a valid base path",
                    "start it with / and use only letters, digits and / _ . : ~ -");
        }
        return new ApiConfig(api.get("dashboard").bool(true), api.get("insecure").bool(false), basePath,
                api.get("dashboardName").string(""), true);
    }
}
