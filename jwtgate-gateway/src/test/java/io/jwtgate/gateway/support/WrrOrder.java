package io.jwtgate.gateway.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Where to write a load balancer's equally weighted servers so that Traefik's weighted round robin
 * (earliest deadline first, ties broken by its heap: three servers are visited first, third,
 * second) takes them in a given order: for fixtures whose servers must be tried in turn (a retry
 * through refused servers before the app).
 */
public final class WrrOrder {

    private WrrOrder() {}

    /** The list to write so that the first {@code visits.size()} picks visit {@code visits} in order. */
    public static <T> List<T> placeForVisits(List<T> visits) {
        int n = visits.size();
        double[] deadline = new double[n];
        PriorityQueue<Integer> schedule = new PriorityQueue<>(Comparator.comparingDouble(i -> deadline[i]));
        for (int i = 0; i < n; i++) {
            deadline[i] = 1;
            schedule.add(i);
        }
        List<T> placed = new ArrayList<>(visits);
        for (int k = 0; k < n; k++) {
            int slot = schedule.poll();
            deadline[slot] += 1;
            schedule.add(slot);
            placed.set(slot, visits.get(k));
        }
        return placed;
    }
}
