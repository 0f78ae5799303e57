package io.jwtgate.gateway.config.dynamic;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.gateway.config.Unsupported;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Reads the {@code tcp} section of dynamic configuration documents (and reports {@code udp} as not supported). */
final class TcpConfigParser {

    private final UnaryOperator<String> qualify;
    private final UnaryOperator<String> optionsName;
    private final Consumer<String> warn;
    private final List<ConfigException> errors;
    private final Map<String, TcpConfig.Router> routers = new LinkedHashMap<>();
    private final Map<String, TcpConfig.Service> services = new LinkedHashMap<>();

    TcpConfigParser(UnaryOperator<String> qualify, UnaryOperator<String> optionsName, Consumer<String> warn, List<ConfigException> errors) {
        this.qualify = qualify;
        this.optionsName = optionsName;
        this.warn = warn;
        this.errors = errors;
    }

    void add(ConfigNode root) throws ConfigException {
        if (root.has("udp")) {
            warn.accept(Unsupported.message(root.source(), "udp", "UDP routers and services are not supported; nothing listens for"
                    + " UDP (use Traefik for them)"));
        }
        ConfigNode tcp = root.get("tcp");
        if (tcp.isMissing()) {
            return;
        }
        tcp.warnUnknownKeys(Set.of("routers", "services", "middlewares", "serversTransports"), warn);
        if (!tcp.get("middlewares").fields().isEmpty()) {
            warn.accept(Unsupported.message(root.source(), "tcp.middlewares", "TCP middlewares (ipAllowList, inFlightConn) are not"
                    + " supported; TCP routers naming one are disabled"));
        }
        if (!tcp.get("serversTransports").fields().isEmpty()) {
            warn.accept(Unsupported.message(root.source(), "tcp.serversTransports", "TCP servers transports are not supported:"
                    + " connections to TCP servers use a 30s dial timeout, no TLS, no termination delay"));
        }
        for (Map.Entry<String, ConfigNode> e : tcp.get("routers").fields().entrySet()) {
            put(routers, qualify.apply(e.getKey()), router(qualify.apply(e.getKey()), e.getValue()), e.getValue());
        }
        for (Map.Entry<String, ConfigNode> e : tcp.get("services").fields().entrySet()) {
            put(services, qualify.apply(e.getKey()), service(qualify.apply(e.getKey()), e.getValue()), e.getValue());
        }
    }

    TcpConfig build() {
        return new TcpConfig(routers, services);
    }

    private <T> void put(Map<String, T> map, String name, T value, ConfigNode at) {
        T existing = map.putIfAbsent(name, value);
        if (existing != null && !existing.equals(value)) {
            ConfigException conflict = at.error("'" + name + "' is defined more than once with different settings",
                    "keep one definition (every file of the provider shares one namespace)");
            errors.add(conflict);
            @SuppressWarnings("unchecked")
            T broken = (T) (value instanceof TcpConfig.Router r ? TcpConfig.Router.broken(name, r.source(), conflict)
                    : TcpConfig.Service.broken(name, at.source(), conflict));
            map.put(name, broken);
        }
    }

    private TcpConfig.Router router(String name, ConfigNode n) {
        try {
            n.warnUnknownKeys(Set.of("rule", "entryPoints", "middlewares", "service", "priority", "tls", "ruleSyntax"), warn);
            if (!n.get("middlewares").stringList().isEmpty()) {
                throw n.get("middlewares").error("TCP middlewares are not supported by jwtgate",
                        "remove them (filter by ClientIP in the rule instead); this router is not served");
            }
            String syntax = n.get("ruleSyntax").string("");
            if (!syntax.isEmpty() && !syntax.equalsIgnoreCase("v3") && !syntax.equalsIgnoreCase("default")) {
                throw n.get("ruleSyntax").error("'" + syntax + "' is not supported for TCP routers", "write the rule in v3 syntax");
            }
            long priority = n.get("priority").integer(0);
            if (priority < 0 || priority > Integer.MAX_VALUE) {
                throw n.get("priority").error("must be between 0 and " + Integer.MAX_VALUE, "use a positive number (higher wins)");
            }
            TcpConfig.Tls tls = null;
            ConfigNode t = n.get("tls");
            if (!t.isMissing()) {
                t.warnUnknownKeys(Set.of("passthrough", "options", "certResolver", "domains"), warn);
                if (!t.get("certResolver").string("").isEmpty()) {
                    warn.accept(Unsupported.message(n.source(), t.path() + ".certResolver", "ACME certificates are not obtained for"
                            + " TCP routers; the certificate is chosen by SNI among tls.certificates"));
                }
                if (t.has("domains")) {
                    warn.accept(Unsupported.message(n.source(), t.path() + ".domains", "read without effect (certificates are chosen by"
                            + " SNI among tls.certificates)"));
                }
                String options = t.has("options") ? optionsName.apply(t.get("options").string("")) : TlsOptionsConfig.DEFAULT;
                tls = new TcpConfig.Tls(t.get("passthrough").bool(false), options);
            }
            return new TcpConfig.Router(name, n.get("rule").requiredString(), n.get("entryPoints").stringList(),
                    qualify.apply(n.get("service").requiredString()), (int) priority, tls, n.source(), null);
        } catch (ConfigException e) {
            errors.add(e);
            return TcpConfig.Router.broken(name, n.source(), e);
        }
    }

    private TcpConfig.Service service(String name, ConfigNode n) {
        try {
            Map<String, ConfigNode> types = n.fields();
            if (types.size() != 1 || !(types.containsKey("loadBalancer") || types.containsKey("weighted"))) {
                throw n.error(types.size() == 1 ? "has the type " + types.keySet() + ", which TCP services do not have"
                                : "needs exactly one of loadBalancer or weighted",
                        "define `loadBalancer: {servers: [{address: host:port}]}`");
            }
            if (types.containsKey("weighted")) {
                ConfigNode w = n.get("weighted");
                w.warnUnknownKeys(Set.of("services"), warn);
                List<TcpConfig.Weighted> children = new ArrayList<>();
                for (ConfigNode c : w.get("services").elements()) {
                    c.warnUnknownKeys(Set.of("name", "weight"), warn);
                    long weight = c.get("weight").integer(1);
                    if (weight < 0 || weight > Integer.MAX_VALUE) {
                        throw c.get("weight").error("must be 0 or more", "use a weight such as 1 or 3");
                    }
                    children.add(new TcpConfig.Weighted(qualify.apply(c.get("name").requiredString()), (int) weight));
                }
                if (children.isEmpty()) {
                    throw w.get("services").error("is empty", "list the services to balance between");
                }
                return new TcpConfig.Service(name, List.of(), 0, children, n.source(), null);
            }
            ConfigNode lb = n.get("loadBalancer");
            lb.warnUnknownKeys(Set.of("servers", "proxyProtocol", "terminationDelay", "serversTransport"), warn);
            if (lb.has("terminationDelay")) {
                warn.accept(Unsupported.message(n.source(), lb.path() + ".terminationDelay", "not applied: when one side closes, the"
                        + " other is closed at once (deprecated in Traefik too)"));
            }
            if (!lb.get("serversTransport").string("").isEmpty()) {
                warn.accept(Unsupported.message(n.source(), lb.path() + ".serversTransport", "TCP servers transports are not supported;"
                        + " the servers are reached in cleartext with a 30s dial timeout"));
            }
            int proxyProtocol = 0;
            if (lb.has("proxyProtocol")) {
                ConfigNode version = lb.get("proxyProtocol").get("version");
                proxyProtocol = (int) version.integer(2);
                if (proxyProtocol != 1 && proxyProtocol != 2) {
                    throw version.error("must be 1 or 2", "use version: 2 (binary) or 1 (text)");
                }
            }
            List<String> servers = new ArrayList<>();
            for (ConfigNode s : lb.get("servers").elements()) {
                s.warnUnknownKeys(Set.of("address", "tls"), warn);
                if (s.get("tls").bool(false)) {
                    throw s.get("tls").error("TLS to TCP servers is " + Unsupported.MARKER, "remove `tls: true` (use passthrough or a plain backend)");
                }
                String address = s.get("address").requiredString();
                int colon = address.lastIndexOf(':');
                if (colon <= 0 || !address.substring(colon + 1).matches("[0-9]{1,5}") || Integer.parseInt(address.substring(colon + 1)) > 65535) {
                    throw s.get("address").error("'" + address + "' is not host:port", "write it as 10.0.0.5:5432 or db.internal:5432");
                }
                servers.add(address);
            }
            if (servers.isEmpty()) {
                throw lb.get("servers").error("is empty", "list at least one server: `servers: [{address: host:port}]`");
            }
            return new TcpConfig.Service(name, servers, proxyProtocol, List.of(), n.source(), null);
        } catch (ConfigException e) {
            errors.add(e);
            return TcpConfig.Service.broken(name, n.source(), e);
        }
    }
}
