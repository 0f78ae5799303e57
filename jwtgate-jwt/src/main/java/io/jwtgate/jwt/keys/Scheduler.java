package io.jwtgate.jwt.keys;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * One daemon thread shared by all key sets for timers (refresh-ahead, retry back-off). Tasks only
 * start asynchronous work, so one thread is enough; cancelled tasks are removed at once.
 */
final class Scheduler {

    static final ScheduledThreadPoolExecutor INSTANCE;

    static {
        INSTANCE = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "jwtgate-jwks-timer");
            t.setDaemon(true);
            return t;
        });
        INSTANCE.setRemoveOnCancelPolicy(true);
    }

    private Scheduler() {}
}
