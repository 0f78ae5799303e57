package io.jwtgate.gateway.runtime;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.ServiceConfig;
import io.jwtgate.gateway.config.statics.ServersTransportConfig;
import io.jwtgate.gateway.proxy.ServiceContext;
import io.jwtgate.gateway.proxy.ServiceHandler;
import io.jwtgate.gateway.proxy.ServiceRegistry;
import io.jwtgate.gateway.proxy.ServiceType;
import io.jwtgate.gateway.proxy.UnavailableService;
import io.jwtgate.gateway.pem.PemKeyStores;
import io.jwtgate.gateway.pem.PemText;
import io.jwtgate.jwt.config.ConfigException;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The services of one runtime build, looked up in the service-type table. A service whose
 * definition did not change is reused from the previous runtime (health checks keep their state),
 * except services made of other services (weighted, ...): those are rebuilt, cheaply, so that they
 * never hold a child the new configuration changed. A service that cannot be built answers 503
 * and its problem is reported once, keyed by the service.
 * Confined to one {@link RuntimeFactory#build} call.
 */
final class ServiceBuild implements ServiceContext {

    private final Map<String, ServiceType> types;
    private final DynamicConfig config;
    private final Runtime previous;
    private final Vertx vertx;
    private final Consumer<String> warnings;
    private final List<Problem> problems;
    /** By fingerprint: what this runtime holds (and the next one may reuse). */
    private final Map<String, ServiceHandler> built = new HashMap<>();
    private final Map<String, ServiceHandler> byName = new HashMap<>();
    /** The services being built, innermost last: names child references are qualified with, and loop detection. */
    private final Deque<Frame> building = new ArrayDeque<>();
    /** The transports services named in this build, their PEM files read. */
    private final Map<String, ServersTransportConfig> transportsRead = new HashMap<>();

    private static final class Frame {
        final ServiceConfig service;
        boolean hasChildren;

        Frame(ServiceConfig service) {
            this.service = service;
        }
    }

    ServiceBuild(Map<String, ServiceType> types, DynamicConfig config, Runtime previous, Vertx vertx, Consumer<String> warnings,
                 List<Problem> problems) {
        this.types = types;
        this.config = config;
        this.previous = previous;
        this.vertx = vertx;
        this.warnings = warnings;
        this.problems = problems;
    }

    /** Builds every service of the configuration; returns them by name. */
    Map<String, ServiceHandler> buildAll() {
        config.services().values().forEach(this::build);
        return byName;
    }

    /** What the runtime keeps, by fingerprint. */
    Map<String, ServiceHandler> built() {
        return built;
    }

    private ServiceHandler build(ServiceConfig s) {
        ServiceHandler done = byName.get(s.name());
        if (done != null) {
            return done;
        }
        String fingerprint = s.fingerprint() + transportOf(s);
        ServiceHandler handler = previous.services().get(fingerprint);
        String key = fingerprint;
        if (handler == null) {
            Frame frame = new Frame(s);
            handler = create(s, frame);
            key = frame.hasChildren ? fingerprint + "|composite" : fingerprint; // composites are never reused
        }
        built.put(key, handler);
        byName.put(s.name(), handler);
        return handler;
    }

    private ServiceHandler create(ServiceConfig s, Frame frame) {
        if (s.error() != null) {
            return new UnavailableService(s.error().getMessage()); // reported with the document's errors
        }
        String keyPath = "http.services." + plain(s.name());
        ServiceType type = types.get(s.type().toLowerCase(Locale.ROOT));
        if (type == null) {
            return unavailable(s, new ConfigException(s.source(), keyPath + "." + s.type(), "service type '" + s.type()
                    + "' is not supported by jwtgate", "use one of " + ServiceRegistry.keys() + "; routers using it answer 503"));
        }
        building.addLast(frame);
        try {
            return type.build(s, this);
        } catch (ConfigException e) {
            return unavailable(s, e);
        } catch (RuntimeException e) {
            return unavailable(s, new ConfigException(s.source(), keyPath, "could not be built: " + e,
                    "report this as a bug; routers using it answer 503"));
        } finally {
            building.removeLast();
        }
    }

    private ServiceHandler unavailable(ServiceConfig s, ConfigException e) {
        problems.add(Problem.of(Problem.Kind.SERVICE, s.name(), e));
        return new UnavailableService(e.getMessage());
    }

    @Override
    public Vertx vertx() {
        return vertx;
    }

    @Override
    public Consumer<String> warnings() {
        return warnings;
    }

    @Override
    public ServiceHandler service(String reference, ConfigNode at) {
        Frame frame = building.getLast();
        frame.hasChildren = true;
        ServiceConfig parent = frame.service;
        String name = reference.contains("@") ? reference : reference + provider(parent.name());
        ServiceConfig child = config.services().get(name);
        if (child == null) {
            problems.add(Problem.of(Problem.Kind.SERVICE, parent.name(), at.error("service '" + name + "' does not exist",
                    "define it under http.services or fix the name")));
            return new UnavailableService("missing " + name);
        }
        if (building.stream().anyMatch(b -> b.service.name().equals(name))) {
            problems.add(Problem.of(Problem.Kind.SERVICE, name, new ConfigException(child.source(), "http.services." + plain(name),
                    "services refer to each other in a loop", "make one of them a loadBalancer service")));
            return new UnavailableService("loop");
        }
        return build(child);
    }

    @Override
    public ServersTransportConfig serversTransport(String reference, ConfigNode at) throws ConfigException {
        if (reference == null || reference.isEmpty() || reference.equals(ServersTransportConfig.DEFAULT_NAME)) {
            return null;
        }
        String name = reference.contains("@") ? reference : reference + provider(building.getLast().service.name());
        ServersTransportConfig transport = config.serversTransports().get(name);
        if (transport == null) {
            throw at.error("servers transport '" + name + "' does not exist",
                    "define it under http.serversTransports (or fix its errors), or remove serversTransport to use the static one");
        }
        ServersTransportConfig read = transportsRead.get(name);
        if (read == null) {
            try {
                // PEM files are read here, once per build, as tls.certificates are: never by the event loop that first uses the transport.
                read = transport.withPemContents(value -> PemText.read(value, transport.source()));
            } catch (IOException e) {
                throw at.error("servers transport '" + name + "': cannot read " + e.getMessage(),
                        "check the rootCAs and certificates paths of http.serversTransports." + plain(name)
                                + " (relative paths start at the file that declares it)");
            }
            if (!read.certificates().isEmpty()) {
                try {
                    // The client certificates as the backend connections will use them: a key that does not parse, or
                    // that is not its certificate's own, is this configuration's problem, not a 502 per TLS connection.
                    PemKeyStores.clientKeyManagers(read.certificates().stream().map(ServersTransportConfig.ClientCertificate::certFile).toList(),
                            read.certificates().stream().map(ServersTransportConfig.ClientCertificate::keyFile).toList());
                } catch (IOException | GeneralSecurityException e) {
                    throw at.error("servers transport '" + name + "': a client certificate cannot be used: " + e.getMessage(),
                            "give each certificates entry a PEM certificate (certFile) and its unencrypted private key (keyFile)");
                }
            }
            transportsRead.put(name, read);
        }
        return read;
    }

    /** The transport a service names, as text for its fingerprint: a changed transport rebuilds the services using it. */
    private String transportOf(ServiceConfig s) {
        ConfigNode t = s.options().get("serversTransport");
        if (t.isMissing()) {
            return "";
        }
        String written = t.toPlain() == null ? "" : t.toPlain().toString();
        String name = written.contains("@") ? written : written + provider(s.name());
        return "|transport=" + config.serversTransports().get(name);
    }

    private static String provider(String name) {
        int at = name.indexOf('@');
        return at < 0 ? "" : name.substring(at);
    }

    private static String plain(String name) {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }
}
