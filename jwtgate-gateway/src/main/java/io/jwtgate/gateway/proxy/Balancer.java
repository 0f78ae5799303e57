package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.Responses;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The balancers of Traefik's {@code pkg/server/service/loadbalancer}, over named children (a load
 * balancer's servers, named by their URL as written; a weighted service's services, named as
 * written): {@code wrr} (earliest deadline first: each pick takes the child with the smallest
 * deadline and moves it on by 1/weight, so weights 11 and 3 give AAABAAAABAAABA), {@code p2c} (two
 * random children up, the one with fewer requests in flight) and {@code hrw} (rendezvous hashing of
 * the client's IP). Children are up until {@link #setStatus} says otherwise; the balancer is up
 * while one child is, and tells its {@link #watch watchers} when that changes (Traefik's
 * {@code SetStatus} and {@code RegisterStatusUpdater}). With a sticky cookie naming a child that is
 * up, that child is taken (not for {@code hrw}, as in Traefik). Shared by the event loops: picks
 * hold the lock for a few operations.
 */
final class Balancer<T> {

    enum Strategy { WRR, P2C, HRW }

    /** One child; {@code inflight} counts its requests for p2c. */
    static final class Child<T> {
        final String name;
        final T handler;
        final double weight;
        final AtomicInteger inflight = new AtomicInteger();
        double deadline;

        Child(String name, T handler, double weight) {
            this.name = name;
            this.handler = handler;
            this.weight = weight;
        }
    }

    /** A pick: the child, and whether a {@code Set-Cookie} naming it must be sent (new pick, or a cookie in an older format). */
    record Pick<T>(Child<T> child, boolean writeCookie) {}

    private final Strategy strategy;
    private final boolean wantsHealthCheck;
    private final StickyCookie sticky;
    private final List<Child<T>> children = new ArrayList<>();
    private final PriorityQueue<Child<T>> schedule = new PriorityQueue<>(Comparator.comparingDouble(c -> c.deadline));
    private final Set<String> up = new HashSet<>();
    /** Cookie values (current and older formats) to the child they name; true when the value must be rewritten. */
    private final Map<String, Child<T>> byCookie = new HashMap<>();
    private final Set<String> olderCookieValues = new HashSet<>();
    private final StatusListeners watchers = new StatusListeners();
    private double currentDeadline;

    /** @param sticky the cookie, or null; ignored by {@code hrw} */
    Balancer(Strategy strategy, StickyCookie sticky, boolean wantsHealthCheck) {
        this.strategy = strategy;
        this.sticky = strategy == Strategy.HRW ? null : sticky;
        this.wantsHealthCheck = wantsHealthCheck;
    }

    /** Adds a child; as in Traefik, wrr and hrw ignore a child whose weight is not positive (p2c ignores weights). */
    synchronized void add(String name, T handler, int weight) {
        if (weight <= 0 && strategy != Strategy.P2C) {
            return;
        }
        Child<T> child = new Child<>(name, handler, weight);
        children.add(child);
        child.deadline = currentDeadline + 1 / child.weight;
        schedule.add(child);
        up.add(name);
        if (sticky != null) {
            byCookie.put(StickyCookie.value(name), child);
            for (String older : StickyCookie.compatibilityValues(name)) {
                byCookie.putIfAbsent(older, child);
                olderCookieValues.add(older);
            }
        }
    }

    /**
     * The child to serve {@code exchange}, its sticky cookie added to the response when it must be
     * (re)written; null when none is up, after answering Traefik's 503 {@code no available server}.
     */
    Child<T> choose(Exchange exchange) {
        Pick<T> pick = pick(exchange);
        if (pick == null) {
            Responses.send(exchange, 503, "no available server\n");
            return null;
        }
        if (pick.writeCookie()) {
            exchange.response().headers().add("Set-Cookie", sticky.setCookie(pick.child().name));
        }
        return pick.child();
    }

    /** The child to serve {@code exchange}, or null when none is up. */
    Pick<T> pick(Exchange exchange) {
        if (sticky != null) {
            String value = sticky.find(exchange.upstream().headers().getAll("Cookie"));
            if (value != null) {
                synchronized (this) {
                    Child<T> named = byCookie.get(value);
                    if (named != null && up.contains(named.name)) {
                        boolean current = StickyCookie.value(named.name).equals(value);
                        return new Pick<>(named, !current && olderCookieValues.contains(value));
                    }
                }
            }
        }
        Child<T> next = switch (strategy) {
            case WRR -> nextByDeadline();
            case P2C -> nextOfTwo();
            case HRW -> highestScore(exchange.clientIp());
        };
        return next == null ? null : new Pick<>(next, sticky != null);
    }

    private synchronized Child<T> nextByDeadline() {
        if (schedule.isEmpty() || up.isEmpty()) {
            return null;
        }
        while (true) {
            Child<T> child = schedule.poll();
            // The current deadline follows the picks, so that a child added later competes fairly.
            currentDeadline = child.deadline;
            child.deadline += 1 / child.weight;
            schedule.add(child);
            if (up.contains(child.name)) {
                return child;
            }
        }
    }

    private Child<T> nextOfTwo() {
        List<Child<T>> healthy = healthy();
        if (healthy.size() <= 1) {
            return healthy.isEmpty() ? null : healthy.getFirst();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int n1 = random.nextInt(healthy.size());
        int n2 = random.nextInt(healthy.size());
        if (n2 == n1) {
            n2 = (n2 + 1) % healthy.size();
        }
        Child<T> a = healthy.get(n1);
        Child<T> b = healthy.get(n2);
        return b.inflight.get() < a.inflight.get() ? b : a;
    }

    private Child<T> highestScore(String clientIp) {
        Child<T> best = null;
        double bestScore = 0;
        for (Child<T> child : healthy()) {
            double score = hrwScore(clientIp + child.name) * child.weight;
            if (best == null || score > bestScore) {
                best = child;
                bestScore = score;
            }
        }
        return best;
    }

    /** Traefik's {@code getNodeScore} before the weight: 1 / -ln(FNV-1a-64(key) / 2^64). */
    static double hrwScore(String key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        double unsigned = (double) (hash >>> 1) * 2.0 + (hash & 1);
        return 1.0 / -Math.log(unsigned / Math.pow(2, 64));
    }

    private synchronized List<Child<T>> healthy() {
        List<Child<T>> healthy = new ArrayList<>(children.size());
        for (Child<T> child : children) {
            if (up.contains(child.name)) {
                healthy.add(child);
            }
        }
        return healthy;
    }

    /** Traefik's {@code SetStatus}: the child is up or down; the watchers hear when the balancer as a whole changes. */
    void setStatus(String childName, boolean childUp) {
        boolean before;
        boolean after;
        synchronized (this) {
            if (children.stream().noneMatch(c -> c.name.equals(childName))) {
                return; // a child with no weight was never added: its health changes nothing
            }
            before = !up.isEmpty();
            if (childUp) {
                up.add(childName);
            } else {
                up.remove(childName);
            }
            after = !up.isEmpty();
        }
        if (before != after) {
            watchers.publish(after);
        }
    }

    synchronized boolean isUp() {
        return !up.isEmpty();
    }

    synchronized boolean isUp(String childName) {
        return up.contains(childName);
    }

    /** Traefik's {@code RegisterStatusUpdater}: null when the service has no {@code healthCheck} (it does not report). */
    ServiceHandler.Watch watch(Consumer<Boolean> listener) {
        return wantsHealthCheck ? watchers.add(listener, isUp()) : null;
    }
}
