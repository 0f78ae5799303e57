package io.jwtgate.gateway.cli;

import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.middleware.jwt.JwtMiddleware;
import io.jwtgate.gateway.runtime.Problem;
import io.jwtgate.jwt.KeySetStatus;
import io.jwtgate.jwt.config.ConfigException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jwtgate jwks}: loads a JWT middleware's key sets as the gateway would and prints what it holds. */
@Command(name = "jwks", mixinStandardHelpOptions = true,
        description = {"Show the key sets a JWT middleware holds: source, key ids, last fetch, errors, dropped keys.",
                "Key sets are fetched as the gateway fetches them (same TLS settings, limits and validation)."},
        footer = {"", "Examples:",
                "  jwtgate jwks -c traefik.yml --middleware test-jwt"})
public final class JwksCommand implements Callable<Integer> {

    @Mixin
    StaticConfigOption configOption;

    @Mixin
    MiddlewareSelection target;

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
        try (OfflineConfiguration offline = new OfflineConfiguration(config)) {
            JwtMiddleware jwt = offline.jwtMiddleware(target.middleware);
            if (jwt == null) {
                out.println("ERROR no JWT middleware named '" + target.middleware + "'. JWT middlewares: " + offline.jwtMiddlewareNames());
                offline.problemsOf(Problem.Kind.MIDDLEWARE, target.middleware).forEach(p -> out.println("      " + p));
                return 2;
            }
            Instant deadline = Instant.now().plus(target.timeout());
            List<KeySetStatus> sets = jwt.authenticator().keySets();
            while (Instant.now().isBefore(deadline) && sets.stream().anyMatch(s -> s.lastSuccess() == null && s.lastError() == null)) {
                Thread.sleep(50);
                sets = jwt.authenticator().keySets();
            }
            if (sets.isEmpty()) {
                var c = jwt.authenticator().config();
                out.println(jwt.name() + ": fixed key from " + (c.signingSecret() != null ? "signingSecret (HMAC)"
                        : c.publicKey() != null ? "publicKey" : c.jwksFile() != null ? "inline jwksFile" : "issuer-relative jwksUrl (per token iss)")
                        + "; no remote key set to show");
                return 0;
            }
            boolean healthy = true;
            for (KeySetStatus s : sets) {
                out.println(s.kind() + "  " + s.source() + (s.issuer() == null ? "" : "  (issuer " + s.issuer() + ")"));
                out.println("  keys         " + s.keyCount() + (s.kids().isEmpty() ? "" : ": " + String.join(", ", s.sortedKids())));
                out.println("  last fetch   " + (s.lastSuccess() == null ? "never succeeded" : s.lastSuccess() + " ("
                        + Duration.between(s.lastSuccess(), Instant.now()).toSeconds() + "s ago)"));
                if (s.freshUntil() != null) {
                    out.println("  fresh until  " + s.freshUntil() + (s.servingStale() ? "  SERVING STALE KEYS" : ""));
                }
                if (s.lastError() != null) {
                    out.println("  last error   " + s.lastError().cause() + ": " + s.lastError().message() + " at " + s.lastError().at());
                }
                s.droppedKeys().forEach(d -> out.println("  dropped      " + d));
                out.println("  fetches      " + s.successes() + " ok, " + s.failuresTotal() + " failed, " + s.forcedRefreshes()
                        + " forced by unknown kid, " + s.skippedByCooldown() + " skipped by cooldown");
                healthy &= s.keyCount() > 0;
            }
            return healthy ? 0 : 1;
        }
    }
}
