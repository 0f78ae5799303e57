package io.jwtgate.jwt.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code dpop} option block (extension, RFC 9449): {@code mode} {@code off} (default: the
 * {@code DPoP} scheme is refused and {@code cnf.jkt} is not looked at, as in Traefik Hub),
 * {@code allowed} (DPoP-bound tokens need a proof, other tokens may come as {@code Bearer}) or
 * {@code required} (every token must be DPoP-bound and come with a proof); {@code nonce} (server
 * nonces, section 9); {@code proofMaxAge} (how old a proof's {@code iat} may be).
 */
public record DpopOptions(Mode mode, boolean nonce, Duration proofMaxAge) {

    public enum Mode { OFF, ALLOWED, REQUIRED }

    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(60);
    public static final Duration LIMIT_MAX_AGE = Duration.ofMinutes(10);
    public static final DpopOptions OFF = new DpopOptions(Mode.OFF, false, DEFAULT_MAX_AGE);

    public boolean enabled() {
        return mode != Mode.OFF;
    }

    public static DpopOptions read(Map<String, ?> block) throws ConfigException {
        if (block == null) {
            return OFF;
        }
        OptionReader r = new OptionReader("dpop.", block, List.of("mode", "nonce", "proofMaxAge"));
        String modeText = r.string("mode");
        Mode mode;
        try {
            mode = modeText == null ? Mode.ALLOWED : Mode.valueOf(modeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("dpop.mode", "unknown mode '" + modeText + "'", "write off, allowed or required");
        }
        Duration maxAge = DEFAULT_MAX_AGE;
        String age = r.string("proofMaxAge");
        if (age != null) {
            try {
                maxAge = GoDuration.parse(age);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("dpop.proofMaxAge", e.getMessage(), "write a duration such as 60s");
            }
            if (maxAge.compareTo(Duration.ofSeconds(1)) < 0 || maxAge.compareTo(LIMIT_MAX_AGE) > 0) {
                throw new ConfigException("dpop.proofMaxAge", "proofMaxAge " + age + " is outside 1s..10m",
                        "proofs are made per request: keep it short, e.g. 60s");
            }
        }
        return new DpopOptions(mode, r.bool("nonce", false), maxAge);
    }
}
