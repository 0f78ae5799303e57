package io.jwtgate.gateway.cli;

import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.middleware.jwt.JwtMiddleware;
import io.jwtgate.gateway.middleware.mcp.McpExplainer;
import io.jwtgate.gateway.middleware.mcp.McpMiddleware;
import io.jwtgate.gateway.runtime.Problem;
import io.jwtgate.jwt.AuthOutcome;
import io.jwtgate.jwt.ClaimsExplainer;
import io.jwtgate.jwt.InspectedToken;
import io.jwtgate.jwt.JwtConfig;
import io.jwtgate.jwt.config.ConfigException;
import io.jwtgate.jwt.json.CompactJson;
import io.jwtgate.jwt.json.JsonValue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jwtgate verify}: runs a token through a configured JWT middleware and prints every step,
 * so an operator sees why a token fails without pasting it into a website. The token is read from
 * the command line or standard input and is never printed back whole.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Run a token through a JWT middleware of the configuration and explain each step:",
                "parsing, key, algorithm, signature, time claims, claims expression (every sub-expression),",
                "forwarded headers. Exit code: 0 allowed, 1 denied, 2 usage or configuration error."},
        footer = {"", "Examples:",
                "  jwtgate verify -c traefik.yml --middleware test-jwt eyJhbGciOi...",
                "  echo \"$TOKEN\" | jwtgate verify -c traefik.yml --middleware test-jwt@file -",
                "  jwtgate verify -c traefik.yml -m oauth-jwt --mcp mcp-gateway --call '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}' eyJ..."})
public final class VerifyCommand implements Callable<Integer> {

    @Mixin
    StaticConfigOption configOption;

    @Mixin
    MiddlewareSelection target;

    @Parameters(index = "0", paramLabel = "TOKEN", description = "The token, with or without 'Bearer ', or - to read it from standard input.")
    String token;

    @Option(names = "--mcp", paramLabel = "MIDDLEWARE", description = "Also explain what this mcp middleware decides for --call.")
    String mcp;

    @Option(names = "--call", paramLabel = "JSON", description = "The JSON-RPC body (a call or a batch) for --mcp, or @file.")
    String call;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        StaticConfig config;
        try {
            config = configOption.load(w -> { });
        } catch (ConfigException e) {
            out.println("ERROR " + e.getMessage());
            return 2;
        }
        String raw = token.equals("-") ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine() : token;
        raw = raw == null ? "" : raw.trim();
        if (raw.regionMatches(true, 0, "Bearer ", 0, 7)) {
            raw = raw.substring(7).trim();
        }
        try (OfflineConfiguration offline = new OfflineConfiguration(config)) {
            JwtMiddleware jwt = offline.jwtMiddleware(target.middleware);
            if (jwt == null) {
                out.println("ERROR no JWT middleware named '" + target.middleware + "'. JWT middlewares: " + offline.jwtMiddlewareNames());
                offline.problemsOf(Problem.Kind.MIDDLEWARE, target.middleware).forEach(p -> out.println("      " + p));
                return 2;
            }
            McpMiddleware mcpMiddleware = null;
            if (mcp != null) {
                mcpMiddleware = offline.mcpMiddleware(mcp);
                if (mcpMiddleware == null || call == null) {
                    out.println("ERROR " + (call == null ? "--mcp needs --call with a JSON-RPC body" : "no valid mcp middleware named '" + mcp + "'"));
                    offline.problemsOf(Problem.Kind.MIDDLEWARE, mcp).forEach(p -> out.println("      " + p));
                    return 2;
                }
            }
            int jwtResult = explain(jwt, raw, target.timeout());
            if (mcpMiddleware == null || jwtResult != 0) {
                return jwtResult;
            }
            return explainMcp(mcpMiddleware, jwt, raw, target.timeout());
        }
    }

    private int explain(JwtMiddleware jwt, String raw, Duration wait) throws Exception {
        JwtConfig c = jwt.authenticator().config();
        out.println("middleware   " + jwt.name() + " (" + keySource(c) + ")");
        JsonValue.JsonObject claims;
        switch (InspectedToken.inspect(raw)) {
            case InspectedToken.Malformed m -> {
                out.println("parse        FAILED: " + m.reason() + " - " + m.detail());
                return finish(401, m.reason().name());
            }
            case InspectedToken.UnreadableClaims u -> {
                header(u.header(), u.algorithm(), u.kid());
                out.println("claims       FAILED: " + u.detail());
                return finish(401, "MALFORMED_TOKEN");
            }
            case InspectedToken.Decoded d -> {
                header(d.header(), d.algorithm(), d.kid());
                claims = d.claims();
                out.println("claims       " + CompactJson.write(claims));
            }
        }
        AuthOutcome outcome = jwt.authenticator().authenticate(raw, true).toCompletableFuture().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        timeLines(claims, c.clockSkew());
        if (c.issuer() != null) {
            out.println("issuer       " + c.issuer() + (c.allowedTenants() == null ? "" : ", allowedTenants " + c.allowedTenants()));
        }
        if (c.claims() != null && !c.claims().isBlank()) {
            out.println("expression   " + c.claims());
            for (String line : ClaimsExplainer.explain(c.claims(), claims)) {
                out.println("             " + line);
            }
        }
        switch (outcome) {
            case AuthOutcome.Allowed allowed -> {
                out.println("signature    verified");
                out.println("remove       " + (allowed.removeHeaders().isEmpty() ? "(none)" : String.join(", ", allowed.removeHeaders())));
                for (Map.Entry<String, String> h : allowed.addHeaders()) {
                    out.println("forward      " + h.getKey() + ": " + h.getValue());
                }
                if (allowed.username() != null) {
                    out.println("username     " + allowed.username());
                }
                return finish(0, "ALLOWED");
            }
            case AuthOutcome.Denied denied -> {
                out.println("signature    " + (DenyExplanation.afterSignature(denied.reason()) ? "verified" : "not verified"));
                out.println("denied       " + denied.reason() + ": " + denied.detail());
                String why = DenyExplanation.of(denied.reason());
                if (why != null) {
                    out.println("why          " + why);
                }
                out.println("challenge    WWW-Authenticate: " + denied.wwwAuthenticate());
                return finish(denied.status(), denied.reason().name());
            }
        }
    }

    /** The mcp middleware's decision for the verified claims and the --call body (the JWT step allowed the token). */
    private int explainMcp(McpMiddleware middleware, JwtMiddleware jwt, String raw, Duration wait) throws Exception {
        String body = call.startsWith("@") ? Files.readString(Path.of(call.substring(1))) : call;
        AuthOutcome.Allowed allowed = (AuthOutcome.Allowed) jwt.authenticator().authenticate(raw, true).toCompletableFuture()
                .get(wait.toMillis(), TimeUnit.MILLISECONDS);
        McpExplainer.Explanation e = McpExplainer.explain(middleware, allowed.claims(), body);
        e.lines().forEach(out::println);
        out.println("result       " + (e.forwarded() ? "ALLOWED: the body goes to the MCP server"
                : "REFUSED " + e.status() + ": nothing reaches the MCP server"));
        return e.forwarded() ? 0 : 1;
    }

    private void header(JsonValue.JsonObject header, String algorithm, String kid) {
        out.println("header       " + CompactJson.write(header));
        out.println("algorithm    " + algorithm + (kid == null ? " (no kid)" : ", kid " + kid));
    }

    private void timeLines(JsonValue.JsonObject claims, Duration skew) {
        long now = System.currentTimeMillis() / 1000;
        for (String name : List.of("exp", "nbf", "iat")) {
            JsonValue v = claims.get(name);
            if (v == null) {
                out.println(name + "          absent (not checked)");
                continue;
            }
            if (!(v instanceof JsonValue.JsonNumber n)) {
                out.println(name + "          INVALID: not a number (" + CompactJson.write(v) + ")");
                continue;
            }
            double t = n.toBigDecimal().doubleValue();
            long delta = (long) t - now;
            String when = Math.abs(t) < 253402300800d ? Instant.ofEpochSecond((long) t).toString() : "far future";
            String relation = delta >= 0 ? "in " + human(delta) : human(-delta) + " ago";
            boolean ok = switch (name) {
                case "exp" -> now < t + skew.toSeconds();
                case "nbf" -> now + skew.toSeconds() >= t;
                default -> t <= now + skew.toSeconds();
            };
            out.println(name + "          " + n + " = " + when + " (" + relation + ")" + (ok ? "  ok" : "  FAILS") +
                    (skew.isZero() ? "" : " with clockSkew " + skew));
        }
    }

    private int finish(int status, String reason) {
        String verdict = switch (status) {
            case 0 -> "ALLOWED: the request goes to the backend";
            case 403 -> "DENIED 403 (" + reason + ")";
            default -> "DENIED 401 (" + reason + ")";
        };
        out.println("result       " + verdict);
        return status == 0 ? 0 : 1;
    }

    private static String human(long seconds) {
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 7200) {
            return seconds / 60 + "m";
        }
        if (seconds < 172800) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }

    private static String keySource(JwtConfig c) {
        List<String> s = new ArrayList<>();
        if (c.signingSecret() != null) {
            s.add("signingSecret");
        }
        if (c.publicKey() != null) {
            s.add("publicKey");
        }
        if (c.jwksFile() != null) {
            s.add("jwksFile");
        }
        if (c.jwksUrl() != null) {
            s.add("jwksUrl " + c.jwksUrl());
        }
        if (c.trustedIssuers() != null) {
            s.add("trustedIssuers x" + c.trustedIssuers().size());
        }
        return s.isEmpty() ? "key source from an extension option" : String.join(", ", s);
    }
}
