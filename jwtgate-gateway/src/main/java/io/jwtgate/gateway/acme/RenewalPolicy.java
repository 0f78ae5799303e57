package io.jwtgate.gateway.acme;

import java.time.Duration;

/**
 * Traefik's renewal rule ({@code getCertificateRenewDurations}): from {@code certificatesDuration}
 * (hours), how long before expiry a certificate is renewed, and how often that is checked.
 */
record RenewalPolicy(Duration renewBefore, Duration checkEvery) {

    static RenewalPolicy of(int certificatesDurationHours) {
        long h = certificatesDurationHours;
        if (h >= 365 * 24) {
            return new RenewalPolicy(Duration.ofDays(4 * 30), Duration.ofDays(7));
        }
        if (h >= 3 * 30 * 24) {
            return new RenewalPolicy(Duration.ofDays(30), Duration.ofDays(1));
        }
        if (h >= 30 * 24) {
            return new RenewalPolicy(Duration.ofDays(10), Duration.ofHours(12));
        }
        if (h >= 6 * 24) {
            return new RenewalPolicy(Duration.ofDays(2), Duration.ofHours(2));
        }
        if (h >= 24) {
            return new RenewalPolicy(Duration.ofHours(6), Duration.ofMinutes(10));
        }
        return new RenewalPolicy(Duration.ofMinutes(20), Duration.ofMinutes(1));
    }
}
