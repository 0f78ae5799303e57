package io.jwtgate.gateway.proxy;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.http.Exchange;
import io.jwtgate.gateway.http.ReplayableBody;
import io.jwtgate.gateway.http.UpstreamRequest;
import io.jwtgate.jwt.config.ConfigException;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Traefik's {@code mirroring} service ({@code pkg/server/service/loadbalancer/mirror}): the client
 * is answered by {@code service}; each mirror gets a copy of {@code percent} of the requests
 * (Traefik's counting: mirror i takes request n while its count * 100 < n * percent), sent once the
 * main answer is complete (so it is never delayed), its answer dropped. With {@code mirrorBody}
 * (default true) the body is read into memory first and copied; a body larger than
 * {@code maxBodySize} (default -1: no limit) is not mirrored at all, and goes to the main service
 * as it comes. With {@code mirrorBody: false} mirrors get the request without its body. A request
 * whose client went away before the main answer ended is not mirrored. {@code healthCheck: {}}
 * reports the main service's health to the parents.
 */
public final class MirroringService implements ServiceHandler {

    public static final RegisteredService TYPE = new RegisteredService("mirroring", "configuration.md#mirroring", (config, ctx) -> {
        ConfigNode n = config.options();
        n.warnUnknownKeys(Set.of("service", "mirrors", "mirrorBody", "maxBodySize", "healthCheck"), ctx.warnings());
        n.get("healthCheck").warnUnknownKeys(Set.of(), ctx.warnings());
        ServiceHandler main = ctx.service(n.get("service").requiredString(), n.get("service"));
        List<Mirror> mirrors = new ArrayList<>();
        for (ConfigNode m : n.get("mirrors").elements()) {
            m.warnUnknownKeys(Set.of("name", "percent"), ctx.warnings());
            int percent = (int) m.get("percent").integer(0);
            if (percent < 0 || percent > 100) {
                throw m.get("percent").error("percent must be between 0 and 100", "write a percentage from 0 to 100");
            }
            mirrors.add(new Mirror(ctx.service(m.get("name").requiredString(), m.get("name")), percent));
        }
        return new MirroringService(config.name(), main, mirrors, n.get("mirrorBody").bool(true), n.get("maxBodySize").integer(-1),
                n.has("healthCheck"));
    });

    /** One mirror and its share; {@code count} is how many requests it got, as Traefik counts. */
    private static final class Mirror {
        final ServiceHandler service;
        final int percent;
        long count;

        Mirror(ServiceHandler service, int percent) {
            this.service = service;
            this.percent = percent;
        }
    }

    private final String name;
    private final ServiceHandler main;
    private final List<Mirror> mirrors;
    private final boolean mirrorBody;
    private final long maxBodySize;
    private final boolean healthCheck;
    private long total;

    private MirroringService(String name, ServiceHandler main, List<Mirror> mirrors, boolean mirrorBody, long maxBodySize,
                             boolean healthCheck) {
        this.name = name;
        this.main = main;
        this.mirrors = List.copyOf(mirrors);
        this.mirrorBody = mirrorBody;
        this.maxBodySize = maxBodySize;
        this.healthCheck = healthCheck;
    }

    /** Traefik's {@code getActiveMirrors}: the mirrors that take this request. */
    private synchronized List<Mirror> activeMirrors() {
        total++;
        List<Mirror> active = new ArrayList<>(mirrors.size());
        for (Mirror m : mirrors) {
            if (m.count * 100 < total * m.percent) {
                m.count++;
                active.add(m);
            }
        }
        return active;
    }

    @Override
    public void serve(Exchange exchange, Forwarder forwarder) {
        exchange.facts().serviceName(name);
        List<Mirror> active = activeMirrors();
        if (active.isEmpty()) {
            main.serve(exchange, forwarder);
            return;
        }
        if (!mirrorBody) {
            UpstreamRequest.Snapshot copy = withBody(exchange.upstream().snapshot(), Buffer.buffer());
            serveThenMirror(exchange, forwarder, active, copy);
            return;
        }
        ReplayableBody.read(exchange, maxBodySize, replayable -> {
            Buffer body = exchange.upstream().bufferedBody();
            if (!replayable || (maxBodySize >= 0 && body != null && body.length() > maxBodySize)) {
                main.serve(exchange, forwarder); // too large to mirror: the main service gets it as it comes
                return;
            }
            serveThenMirror(exchange, forwarder, active, exchange.upstream().snapshot());
        });
    }

    private void serveThenMirror(Exchange exchange, Forwarder forwarder, List<Mirror> active, UpstreamRequest.Snapshot copy) {
        exchange.onFinish(() -> {
            if (exchange.aborted()) {
                return; // as Traefik: no mirroring when the request was canceled during the main answer
            }
            for (Mirror m : active) {
                DiscardedResponse sink = new DiscardedResponse();
                Exchange mirrored = exchange.detachedCopy(copy, sink);
                sink.onEnd(mirrored::finish);
                m.service.serve(mirrored, forwarder);
            }
        });
        main.serve(exchange, forwarder);
    }

    /** The snapshot with {@code body} in memory instead of the client's body (mirrorBody: false sends an empty one). */
    private static UpstreamRequest.Snapshot withBody(UpstreamRequest.Snapshot s, Buffer body) {
        return new UpstreamRequest.Snapshot(s.headers(), s.path(), s.query(), s.host(), s.method(), body, null, null, null);
    }

    @Override
    public Watch watchHealth(Consumer<Boolean> listener) {
        // As Traefik: transparent (the main service's state), but only when healthCheck is set here too.
        return healthCheck ? main.watchHealth(listener) : null;
    }
}
