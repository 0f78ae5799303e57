package io.jwtgate.gateway.runtime;

import io.jwtgate.expr.ExpressionException;
import io.jwtgate.gateway.config.dynamic.CertificateConfig;
import io.jwtgate.gateway.config.dynamic.DefaultEntryPoints;
import io.jwtgate.gateway.config.statics.ProvidersPrecedence;
import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.MiddlewareConfig;
import io.jwtgate.gateway.config.dynamic.RouterConfig;
import io.jwtgate.gateway.config.dynamic.TcpConfig;
import io.jwtgate.gateway.config.dynamic.TlsOptionsConfig;
import io.jwtgate.gateway.config.statics.EntryPointConfig;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.http.Middleware;
import io.jwtgate.gateway.http.RuleRequest;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.middleware.MiddlewareType;
import io.jwtgate.gateway.middleware.RouterExtension;
import io.jwtgate.gateway.proxy.InternalServices;
import io.jwtgate.gateway.proxy.ServiceHandler;
import io.jwtgate.gateway.proxy.ServiceRegistry;
import io.jwtgate.gateway.proxy.ServiceType;
import io.jwtgate.gateway.proxy.UnavailableService;
import io.jwtgate.gateway.rule.RuleCompiler;
import io.jwtgate.gateway.rule.RuleSyntax;
import io.jwtgate.gateway.rule.RuleHosts;
import io.jwtgate.gateway.pem.PemText;
import io.jwtgate.gateway.runtime.tls.SniOptions;
import io.jwtgate.gateway.runtime.tls.TlsChoice;
import io.jwtgate.gateway.runtime.tls.TlsOptionsCompiler;
import io.jwtgate.gateway.runtime.tls.TlsOptionsRef;
import io.jwtgate.gateway.runtime.tls.TlsConflicts;
import io.jwtgate.gateway.runtime.tls.TlsRouting;
import io.jwtgate.gateway.tcp.TcpRoutes;
import io.jwtgate.gateway.tcp.TcpRoutesBuilder;
import io.jwtgate.gateway.tcp.TcpRule;
import io.jwtgate.jwt.config.ConfigException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime factory: {@link #build} compiles a {@link DynamicConfig} into a {@link Runtime} plus
 * the typed problems found. Every problem is contained: a bad rule drops its router, a bad
 * middleware or service makes the routers using it answer 503, and the rest of the configuration
 * is served. Middlewares and services whose definition did not change are reused from the previous
 * runtime, so a reload keeps their state (key caches, health). The factory keeps no state between
 * builds: each call works in its own {@link Build}.
 */
public final class RuntimeFactory {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimeFactory.class);
    private static final int MAX_CHAIN_DEPTH = 16;
    /** Traefik's order: higher priority first, then the provider listed earlier in {@code providers.precedence}, then by name. */
    private final Comparator<RouterRuntime> routerOrder;

    private final StaticConfig staticConfig;
    private final Map<String, MiddlewareType> middlewareTypes;
    private final Map<String, ServiceType> serviceTypes;
    private final BuildContext context;
    private final TlsCertificates.PemPair generatedDefault;
    private final InternalServices internalServices;

    /** A runtime and what is wrong with the configuration it was built from. */
    public record Built(Runtime runtime, List<Problem> problems) {
        public Built {
            problems = List.copyOf(new java.util.LinkedHashSet<>(problems)); // a router placed on N entry points: its problem once
        }

        /** The problems as one line each, for logs, tests and the {@code check} command. */
        public List<String> messages() {
            return problems.stream().map(Problem::message).toList();
        }
    }

    /**
     * @param middlewareTypes by key, see {@code MiddlewareRegistry.types}
     * @param serviceTypes    by lower-cased key, see {@link ServiceRegistry#types}
     */
    public RuntimeFactory(StaticConfig staticConfig, Map<String, MiddlewareType> middlewareTypes, Map<String, ServiceType> serviceTypes,
                          BuildContext context, TlsCertificates.PemPair generatedDefault) {
        this(staticConfig, middlewareTypes, serviceTypes, context, generatedDefault, InternalServices.noopOnly());
    }

    /** @param internalServices the {@code @internal} services routers may name (what the static configuration enables) */
    public RuntimeFactory(StaticConfig staticConfig, Map<String, MiddlewareType> middlewareTypes, Map<String, ServiceType> serviceTypes,
                          BuildContext context, TlsCertificates.PemPair generatedDefault, InternalServices internalServices) {
        this.internalServices = internalServices;
        this.staticConfig = staticConfig;
        ProvidersPrecedence precedence = staticConfig.providersPrecedence();
        this.routerOrder = Comparator.comparingInt(RouterRuntime::priority).reversed()
                .thenComparingInt((RouterRuntime r) -> precedence.rank(r.name())).thenComparing(RouterRuntime::name);
        this.middlewareTypes = Map.copyOf(middlewareTypes);
        this.serviceTypes = Map.copyOf(serviceTypes);
        this.context = context;
        this.generatedDefault = generatedDefault;
    }

    /** Builds the runtime for {@code config}, reusing what {@code previous} built from unchanged definitions. */
    public Built build(DynamicConfig config, Runtime previous) {
        return new Build(DefaultEntryPoints.apply(config, staticConfig.defaultEntryPoints()), previous).run();
    }

    /** Closes what the previous runtime built and the new one no longer uses. */
    public static void closeUnused(Runtime previous, Runtime current) {
        Set<Object> kept = new HashSet<>(current.middlewares().values());
        kept.addAll(current.services().values());
        for (Middleware m : previous.middlewares().values()) {
            if (!kept.contains(m)) {
                closeQuietly(m);
            }
        }
        for (ServiceHandler s : previous.services().values()) {
            if (!kept.contains(s)) {
                closeQuietly(s);
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing {} failed: {}", c, e.toString());
        }
    }

    /** One build: the only mutable state, confined to a single {@link #build} call. */
    private final class Build {
        private final DynamicConfig config;
        private final Runtime previous;
        private final List<Problem> problems = new ArrayList<>();
        /** Routers (and their derived routes) that serve TLS connections, on entry points without http.tls. */
        private final Set<String> secureRouters = new HashSet<>();
        private RouterTree tree;
        /** Child routers of multi-layer routing, compiled once however many parents and entry points share them. */
        private final Map<String, RouterRuntime> children = new HashMap<>();
        /** The configured pairs the previous runtime served (they passed PemText.checkPair then). */
        private Set<TlsCertificates.PemPair> servedBefore = Set.of();

        Build(DynamicConfig config, Runtime previous) {
            this.config = config;
            this.previous = previous;
        }

        Built run() {
            config.errors().forEach(e -> problems.add(Problem.fromDocument(e)));
            ServiceBuild services = new ServiceBuild(serviceTypes, config, previous, context.vertx(), context.warnings(), problems);
            Map<String, ServiceHandler> servicesByName = new HashMap<>(internalServices.served());
            servicesByName.putAll(services.buildAll());
            Map<String, ServiceHandler> builtServices = services.built();
            Map<String, Middleware> builtMiddlewares = new HashMap<>();
            Map<String, String> middlewareErrors = new HashMap<>();
            Map<String, Middleware> byName = new HashMap<>();
            BuildContext buildContext = context.withServiceNames(servicesByName.keySet());
            for (MiddlewareConfig m : config.middlewares().values()) {
                buildMiddleware(m, previous, buildContext, builtMiddlewares, middlewareErrors, byName);
            }
            Map<String, TlsRouting.EntryPointTls> tls = tlsByEntryPoint();
            Map<String, List<RouterRuntime>> byEntryPoint = new LinkedHashMap<>();
            staticConfig.entryPoints().keySet().forEach(ep -> byEntryPoint.put(ep, new ArrayList<>()));
            tree = RouterTree.of(config.routers());
            tree.disabled().forEach((router, reason) -> problems.add(Problem.of(Problem.Kind.ROUTER, router,
                    new ConfigException(config.routers().get(router).source(), "http.routers." + plain(router),
                            "router " + router + " is not served: " + reason, fixFor(reason)))));
            tree.warnings().forEach((router, remark) -> context.warnings().accept(config.routers().get(router).source()
                    + ": http.routers." + plain(router) + ".parentRefs: " + remark + "; that link is ignored"));
            for (RouterConfig r : config.routers().values()) {
                if (!r.isChild()) {
                    placeRouter(r, config, byName, middlewareErrors, servicesByName, byEntryPoint, tls);
                }
            }
            Map<String, List<RouterRuntime>> sorted = new LinkedHashMap<>();
            byEntryPoint.forEach((ep, list) -> sorted.put(ep, list.stream().sorted(routerOrder).toList()));
            Map<String, TcpRoutes> tcp = new TcpRoutesBuilder(config.tcp(),
                    (name, e) -> problems.add(Problem.of(Problem.Kind.ROUTER, TcpRoutesBuilder.tlsRouteName(name), e)),
                    staticConfig.providersPrecedence()::rank)
                    .build(staticConfig.entryPoints().keySet(), (ep, route) -> tls.containsKey(ep) ? tls.get(ep).byRouter().get(route) : null);
            Map<String, EntryPointRoutes> split = new LinkedHashMap<>();
            sorted.forEach((ep, list) -> split.put(ep, splitByTls(staticConfig.entryPoints().get(ep), list, tcp.get(ep))));
            new java.util.LinkedHashSet<>(problems).forEach(p -> LOG.error("configuration problem: {}", p.message()));
            Map<String, String> errors = new HashMap<>(middlewareErrors);
            config.services().values().forEach(s -> {
                if (servicesByName.get(s.name()) instanceof UnavailableService u) {
                    errors.put(s.name(), u.reason());
                }
            });
            config.routers().values().forEach(r -> {
                if (r.error() != null) {
                    errors.put(r.name(), r.error().getMessage());
                }
            });
            sorted.values().forEach(list -> list.forEach(r -> {
                if (r.error() != null) {
                    errors.putIfAbsent(r.name(), r.error());
                }
            }));
            for (Problem p : problems) {
                // Routers dropped for an invalid rule or an unknown entry point are reported by name too.
                if (p.element().kind() == Problem.Kind.ROUTER && config.routers().containsKey(p.element().name())) {
                    errors.putIfAbsent(p.element().name(), p.message());
                }
            }
            Map<String, SniOptions> sni = new LinkedHashMap<>();
            tls.forEach((ep, t) -> sni.put(ep, t.sni()));
            return new Built(new Runtime(sorted, split, builtMiddlewares, builtServices, servicesByName, certificates(config), sni, config, errors),
                    problems);
        }

        private EntryPointRoutes splitByTls(EntryPointConfig ep, List<RouterRuntime> routers, TcpRoutes tcp) {
            List<RouterRuntime> plain = new ArrayList<>();
            List<RouterRuntime> secure = new ArrayList<>();
            routers.forEach(r -> (ep.tls() || secureRouters.contains(r.name()) ? secure : plain).add(r));
            Set<String> hosts = new HashSet<>();
            boolean catchAll = false;
            for (RouterRuntime r : secure) {
                try {
                    List<String> of = RuleHosts.of(r.rule());
                    hosts.addAll(of);
                    catchAll |= of.isEmpty();
                } catch (ExpressionException e) {
                    catchAll = true; // a rule the host reader does not parse (derived routes) counts as host-less
                }
            }
            return new EntryPointRoutes(plain, secure, hosts, catchAll, tcp);
        }

        /** Compiles every set of TLS options (Traefik's default when no provider defines {@code default}) and resolves each TLS entry point. */
        private Map<String, TlsRouting.EntryPointTls> tlsByEntryPoint() {
            Map<String, TlsChoice> compiled = new HashMap<>();
            List<TlsOptionsConfig> all = new ArrayList<>(config.tlsOptions().values());
            if (!config.tlsOptions().containsKey(TlsOptionsConfig.DEFAULT)) {
                all.add(TlsOptionsConfig.traefikDefault());
            }
            for (TlsOptionsConfig o : all) {
                compiled.put(o.name(), TlsOptionsCompiler.compile(o, e -> problems.add(Problem.of(Problem.Kind.TLS, o.name(), e))));
            }
            TlsRouting routing = new TlsRouting(compiled);
            Map<String, TcpRule> tcpRules = TcpRoutesBuilder.rules(config.tcp());
            Map<String, TlsRouting.EntryPointTls> out = new LinkedHashMap<>();
            for (EntryPointConfig ep : staticConfig.entryPoints().values()) {
                // Traefik: on an entry point with http.tls every router is a TLS router; elsewhere the routers that declare tls.
                List<TlsRouting.Route> routes = new ArrayList<>();
                for (RouterConfig r : config.routers().values()) {
                    if (r.error() == null && !r.isChild() && (ep.tls() || r.tls())
                            && (r.entryPoints().isEmpty() || r.entryPoints().contains(ep.name()))) {
                        routes.add(new TlsRouting.Route(r.name(), r.rule(), requestedTlsOptions(r, ep), r.source()));
                    }
                }
                // TCP routers that terminate TLS choose their options by SNI in the same table (their HostSNI names).
                tcpRules.forEach((name, rule) -> {
                    TcpConfig.Router r = config.tcp().routers().get(name);
                    if (r.tls() != null && !r.tls().passthrough() && (r.entryPoints().isEmpty() || r.entryPoints().contains(ep.name()))) {
                        String hosts = rule.hostSnis().stream().map(h -> "Host(`" + h + "`)").collect(java.util.stream.Collectors.joining(" || "));
                        routes.add(new TlsRouting.Route(TcpRoutesBuilder.tlsRouteName(name), hosts.isEmpty() ? "Host(`*`)" : hosts,
                                r.tls().options(), r.source()));
                    }
                });
                if (!ep.tls() && routes.isEmpty()) {
                    continue; // nothing on this entry point speaks TLS
                }
                out.put(ep.name(), routing.entryPoint(ep.name(), routes));
            }
            TlsConflicts.report(out).forEach(e -> problems.add(Problem.of(Problem.Kind.TLS, e.source(), e))); // once each, not per router and entry point
            return out;
        }

        private void buildMiddleware(MiddlewareConfig m, Runtime previous, BuildContext context, Map<String, Middleware> built,
                                     Map<String, String> errors, Map<String, Middleware> byName) {
            if (m.error() != null) {
                errors.put(m.name(), m.error().getMessage());
                return;
            }
            if (m.type().equals("chain")) {
                return; // expanded where routers use it
            }
            MiddlewareType type = middlewareTypes.get(m.type());
            String fingerprint = m.name() + "|" + m.type() + "|" + m.options().toPlain() + "|" + m.revision()
                    + (type != null && type.readsServices() ? "|" + new TreeSet<>(context.serviceNames()) : "");
            Middleware reused = previous.middlewares().get(fingerprint);
            if (reused != null) {
                built.put(fingerprint, reused);
                byName.put(m.name(), reused);
                return;
            }
            if (type == null) {
                ConfigException e = new ConfigException(m.source(), "http.middlewares." + plain(m.name()),
                        "middleware type '" + m.type() + "' is not supported by jwtgate",
                        "use one of " + middlewareTypes.keySet().stream().sorted().toList() + ", chain; routers using it are disabled");
                errors.put(m.name(), e.getMessage());
                problems.add(Problem.of(Problem.Kind.MIDDLEWARE, m.name(), e));
                return;
            }
            try {
                Middleware middleware = type.build(m, context);
                built.put(fingerprint, middleware);
                byName.put(m.name(), middleware);
            } catch (ConfigException e) {
                errors.put(m.name(), e.getMessage());
                problems.add(Problem.of(Problem.Kind.MIDDLEWARE, m.name(), e));
            } catch (RuntimeException e) {
                ConfigException c = new ConfigException(m.source(), "http.middlewares." + plain(m.name()), "could not be built: " + e,
                        "report this as a bug; routers using it are disabled");
                errors.put(m.name(), c.getMessage());
                problems.add(Problem.of(Problem.Kind.MIDDLEWARE, m.name(), c));
            }
        }

        private void placeRouter(RouterConfig r, DynamicConfig config, Map<String, Middleware> middlewares,
                                 Map<String, String> middlewareErrors, Map<String, ServiceHandler> services,
                                 Map<String, List<RouterRuntime>> byEntryPoint, Map<String, TlsRouting.EntryPointTls> tls) {
            if (r.error() != null) {
                return; // already reported; an invalid router has no rule to match with
            }
            if (tree.disabled().containsKey(r.name())) {
                return; // reported with the tree
            }
            RuleCompiler.Compiled compiled = compileRule(r);
            if (compiled == null) {
                return;
            }
            Predicate<RuleRequest> matcher = compiled.matcher();
            List<String> targets = r.entryPoints().isEmpty() ? List.copyOf(staticConfig.entryPoints().keySet()) : r.entryPoints();
            for (String ep : targets) {
                EntryPointConfig entryPoint = staticConfig.entryPoints().get(ep);
                if (entryPoint == null) {
                    problems.add(Problem.of(Problem.Kind.ROUTER, r.name(), new ConfigException(r.source(),
                            "http.routers." + plain(r.name()) + ".entryPoints", "entry point '" + ep + "' is not defined",
                            "use one of " + staticConfig.entryPoints().keySet())));
                    continue;
                }
                List<String> names = new ArrayList<>();
                entryPoint.middlewares().forEach(m -> names.add(m.contains("@") ? m : m + "@file"));
                names.addAll(r.middlewares());
                String error = null;
                List<Middleware> chain = new ArrayList<>();
                try {
                    expand(names, config, middlewares, middlewareErrors, chain, 0);
                } catch (ConfigException e) {
                    error = e.problem();
                }
                ServiceHandler service;
                if (r.service() == null) {
                    service = childRouters(r, config, middlewares, middlewareErrors, services);
                } else {
                    service = services.get(r.service());
                    String serviceError = serviceError(r, service);
                    error = error == null ? serviceError : error;
                }
                TlsOptionsRef tlsOptions = null;
                boolean secure = entryPoint.tls() || r.tls();
                if (secure) {
                    TlsChoice choice = tls.get(ep).byRouter().get(r.name());
                    if (choice instanceof TlsChoice.Use use) {
                        tlsOptions = use.options().ref();
                    } else if (choice instanceof TlsChoice.Refuse refuse && error == null) {
                        error = r.source() + ": http.routers." + plain(r.name()) + ".tls.options: " + refuse.reason()
                                + " (fix: define them under tls.options, or correct the name; connections for this router's hosts are refused)";
                    }
                }
                int before = byEntryPoint.get(ep).size();
                if (error == null) {
                    error = RouterExtensions.apply(r, matcher, chain, service, byEntryPoint.get(ep), tlsOptions);
                }
                if (r.tls()) { // the router and the routes derived from it serve TLS connections only (everywhere)
                    byEntryPoint.get(ep).subList(before, byEntryPoint.get(ep).size()).forEach(d -> secureRouters.add(d.name()));
                    secureRouters.add(r.name());
                }
                if (error != null) {
                    problems.add(Problem.of(Problem.Kind.ROUTER, r.name(), new ConfigException(r.source(), "http.routers." + plain(r.name()),
                            "router " + r.name() + " is disabled and answers 503: " + error, "")));
                }
                byEntryPoint.get(ep).add(new RouterRuntime(r.name(), r.rule(), matcher, compiled.hostKeys(), compiled.pathKeys(), priority(r),
                        chain, service, r.service(), error, tlsOptions));
            }
        }

        /** The rule's predicate and host keys, or null when it does not compile (reported: the router is not served). */
        private RuleCompiler.Compiled compileRule(RouterConfig r) {
            try {
                return RuleCompiler.compileIndexed(r.rule(), syntax(r));
            } catch (ExpressionException e) {
                problems.add(Problem.of(Problem.Kind.ROUTER, r.name(), new ConfigException(r.source(), "http.routers." + plain(r.name()) + ".rule",
                        "router " + r.name() + ": " + e.getMessage().replace("\n", "\n    ") + "\n   ",
                        "correct the rule; this router is not served")));
                return null;
            }
        }

        private RuleSyntax syntax(RouterConfig r) {
            return RuleSyntax.of(r.ruleSyntax(), RuleSyntax.of(staticConfig.defaultRuleSyntax(), RuleSyntax.V3));
        }

        /** Why {@code r} cannot use {@code service} (missing, unsupported internal, invalid), or null. */
        private String serviceError(RouterConfig r, ServiceHandler service) {
            if (service == null && r.service().endsWith("@internal")) {
                return internalServices.unsupported(r.service());
            }
            if (service == null) {
                return r.source() + ": http.routers." + plain(r.name()) + ".service: service '" + r.service()
                        + "' does not exist (fix: define it under http.services)";
            }
            return service instanceof UnavailableService u ? "service '" + r.service() + "' is invalid: " + u.reason() : null;
        }

        /** A parent's children, in match order; each child compiled once per build. */
        private ChildRouters childRouters(RouterConfig parent, DynamicConfig config, Map<String, Middleware> middlewares,
                                          Map<String, String> middlewareErrors, Map<String, ServiceHandler> services) {
            List<RouterRuntime> list = new ArrayList<>();
            for (String name : tree.childrenOf(parent.name())) {
                RouterRuntime child = child(config.routers().get(name), config, middlewares, middlewareErrors, services);
                if (child != null) {
                    list.add(child);
                }
            }
            list.sort(routerOrder);
            return new ChildRouters(parent.name(), list);
        }

        private RouterRuntime child(RouterConfig r, DynamicConfig config, Map<String, Middleware> middlewares,
                                    Map<String, String> middlewareErrors, Map<String, ServiceHandler> services) {
            if (children.containsKey(r.name())) {
                return children.get(r.name());
            }
            children.put(r.name(), null); // a cycle was cut by the tree; this guards a loop all the same
            if (tree.disabled().containsKey(r.name())) {
                return null;
            }
            RuleCompiler.Compiled compiled = compileRule(r);
            if (compiled == null) {
                return null;
            }
            String error = null;
            List<Middleware> chain = new ArrayList<>();
            try {
                expand(r.middlewares(), config, middlewares, middlewareErrors, chain, 0);
            } catch (ConfigException e) {
                error = e.problem();
            }
            if (error == null && chain.stream().anyMatch(RouterExtension.class::isInstance)) {
                // Its derived routes (the MCP metadata document) are served ahead of an entry point's routers.
                error = "a middleware that serves routes of its own (mcp) must be on a root router, not on a child";
            }
            ServiceHandler service;
            if (r.service() == null) {
                service = childRouters(r, config, middlewares, middlewareErrors, services);
            } else {
                service = services.get(r.service());
                String serviceError = serviceError(r, service);
                error = error == null ? serviceError : error;
            }
            if (error != null) {
                problems.add(Problem.of(Problem.Kind.ROUTER, r.name(), new ConfigException(r.source(), "http.routers." + plain(r.name()),
                        "router " + r.name() + " is disabled and answers 503: " + error, "")));
            }
            RouterRuntime child = new RouterRuntime(r.name(), r.rule(), compiled.matcher(), compiled.hostKeys(), compiled.pathKeys(),
                    priority(r), chain, service, r.service(), error, null);
            children.put(r.name(), child);
            return child;
        }

        private void expand(List<String> names, DynamicConfig config, Map<String, Middleware> built,
                            Map<String, String> errors, List<Middleware> out, int depth) throws ConfigException {
            if (depth > MAX_CHAIN_DEPTH) {
                throw new ConfigException(null, "chain", "middleware chains nest deeper than " + MAX_CHAIN_DEPTH + " (a loop?)",
                        "remove the chain that refers to itself");
            }
            for (String name : names) {
                MiddlewareConfig m = config.middlewares().get(name);
                if (m == null) {
                    throw new ConfigException(null, "middlewares", "middleware '" + name + "' does not exist",
                            "define it under http.middlewares or fix the name (names from another provider need @provider)");
                }
                if (errors.containsKey(name)) {
                    throw new ConfigException(null, "middlewares", "middleware '" + name + "' is invalid: " + errors.get(name), "");
                }
                if ("chain".equals(m.type())) {
                    List<String> inner = new ArrayList<>();
                    String provider = name.substring(name.indexOf('@'));
                    for (String n : m.options().get("middlewares").stringList()) {
                        inner.add(n.contains("@") ? n : n + provider);
                    }
                    expand(inner, config, built, errors, out, depth + 1);
                } else {
                    out.add(built.get(name));
                }
            }
        }

        private TlsCertificates certificates(DynamicConfig config) {
            if (previous != null) {
                servedBefore = new HashSet<>(previous.certificates().certificates());
                if (previous.certificates().defaultCertificate() != null) {
                    servedBefore.add(previous.certificates().defaultCertificate());
                }
            }
            List<TlsCertificates.PemPair> pairs = new ArrayList<>();
            for (CertificateConfig c : config.certificates()) {
                TlsCertificates.PemPair pair = load(c);
                if (pair != null) {
                    pairs.add(pair);
                }
            }
            TlsCertificates.PemPair def = config.defaultCertificate() == null ? null : load(config.defaultCertificate());
            return new TlsCertificates(def != null ? def : generatedDefault, pairs);
        }

        /** The pair, or null (and a problem) when it cannot be read or is not a certificate with its key: Traefik skips those too. */
        private TlsCertificates.PemPair load(CertificateConfig c) {
            TlsCertificates.PemPair pair;
            try {
                pair = new TlsCertificates.PemPair(pem(c.certFile(), c.source()), pem(c.keyFile(), c.source()));
            } catch (IOException e) {
                problems.add(Problem.of(Problem.Kind.TLS, c.source(), new ConfigException(c.source(), "tls.certificates",
                        "cannot read " + e.getMessage(), "check the certFile/keyFile paths")));
                return null;
            }
            if (servedBefore.contains(pair)) {
                return pair; // checked by the load that built the previous runtime: a reload re-checks only what changed
            }
            try {
                PemText.checkPair(pair.certificatePem(), pair.keyPem());
                return pair;
            } catch (IOException e) {
                problems.add(Problem.of(Problem.Kind.TLS, c.source(), new ConfigException(c.source(), "tls.certificates",
                        "certificate " + describe(c.certFile()) + " with key " + describe(c.keyFile()) + " is not served: " + e.getMessage(),
                        "give certFile the PEM certificate (then its intermediates) and keyFile its unencrypted private key "
                                + "(PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)")));
                return null;
            }
        }

        private static String describe(String fileOrContent) {
            return PemText.inline(fileOrContent) ? "(inline PEM)" : fileOrContent;
        }
    }

    /** Traefik accepts either a file path or the PEM text itself; relative paths start at the declaring file. */
    private static String pem(String value, String declaringFile) throws IOException {
        return PemText.read(value, declaringFile);
    }

    /**
     * The TLS options a router asks for on a TLS entry point: its own {@code tls.options}, or, when it
     * declares no {@code tls}, the entry point's {@code http.tls.options} (qualified with the router's
     * provider, as Traefik's entry point model does); {@code default} otherwise.
     */
    static String requestedTlsOptions(RouterConfig r, EntryPointConfig ep) {
        String name = r.tls() ? r.tlsOptions() : ep.tlsOptions();
        if (name == null || name.isEmpty() || name.equals(TlsOptionsConfig.DEFAULT)) {
            return TlsOptionsConfig.DEFAULT;
        }
        return name.contains("@") ? name : name + r.name().substring(r.name().indexOf('@'));
    }

    /** Traefik's default priority: the rule's length. */
    private static int priority(RouterConfig r) {
        return r.priority() > 0 ? r.priority() : RuleCompiler.defaultPriority(r.rule());
    }

    private static String fixFor(String treeReason) {
        if (treeReason.startsWith("parent router")) {
            return "correct parentRefs (a parent from another provider needs @provider)";
        }
        if (treeReason.startsWith("non-root")) {
            return "remove entryPoints and tls from the child: it inherits them from its root router";
        }
        if (treeReason.contains("no service and no child")) {
            return "give it a service, or make other routers name it in their parentRefs";
        }
        if (treeReason.contains("both a service")) {
            return "remove its service: a parent's children choose the service";
        }
        return "make it a root (no parentRefs) or name a reachable parent";
    }

    private static String plain(String qualified) {
        int at = qualified.indexOf('@');
        return at < 0 ? qualified : qualified.substring(0, at);
    }
}
