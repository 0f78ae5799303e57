package io.jwtgate.gateway.middleware.circuitbreaker;

/**
 * oxy's ratio controller for the recovering state: the share of requests let through grows
 * linearly from 0 to one half over {@code recoveryDuration} (at one half as many pass as are
 * refused, the point past which oxy lets everything through by returning to standby). A request
 * passes when passing it keeps the share of passed requests below the target.
 */
final class RecoveryRamp {

    private final long durationNanos;
    private final long startNanos;
    private long allowed;
    private long denied;

    RecoveryRamp(long durationNanos, long startNanos) {
        this.durationNanos = durationNanos;
        this.startNanos = startNanos;
    }

    double targetRatio(long nowNanos) {
        return 0.5 / durationNanos * (nowNanos - startNanos);
    }

    boolean allow(long nowNanos) {
        double ifAllowed = (double) (allowed + 1) / (allowed + 1 + denied);
        if (ifAllowed < targetRatio(nowNanos)) {
            allowed++;
            return true;
        }
        denied++;
        return false;
    }
}
