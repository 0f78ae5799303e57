package io.jwtgate.gateway.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.jwtgate.gateway.config.dynamic.DynamicConfig;
import io.jwtgate.gateway.config.dynamic.DynamicConfigParser;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import io.jwtgate.gateway.middleware.BuildContext;
import io.jwtgate.gateway.middleware.jwt.JwtMiddlewareType;
import io.jwtgate.gateway.middleware.registry.MiddlewareRegistry;
import io.jwtgate.gateway.proxy.ServiceRegistry;
import io.jwtgate.gateway.runtime.Problem;
import io.jwtgate.gateway.runtime.Runtime;
import io.jwtgate.gateway.runtime.RuntimeFactory;
import io.jwtgate.gateway.server.SelfSignedCertificate;
import io.jwtgate.jwt.config.ConfigException;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Loads one document through jwtgate's real loaders and says, for each leaf key path, whether
 * jwtgate read it, reported it as not supported ({@link Unsupported#MARKER}), or neither (silently
 * ignored: the bug this audit exists to find).
 */
final class KeyAudit {

    /** What loading one document showed: the key paths read and, by key path, the warnings saying it is not supported. */
    record Loaded(Set<String> reads, Map<String, String> unsupported, Map<String, String> deprecated, List<String> otherMessages) {

        /** The status of {@code leaf} (a concrete key path without indexes) in this load. */
        Status status(String leaf, boolean emptyMap) {
            for (Map.Entry<String, String> u : unsupported.entrySet()) {
                if (leaf.equals(u.getKey()) || leaf.startsWith(u.getKey() + ".")) {
                    return new Status(Status.NOT_SUPPORTED, u.getValue());
                }
            }
            if (deprecated.containsKey(leaf)) {
                return new Status(Status.DEPRECATED, deprecated.get(leaf));
            }
            boolean read = reads.contains(leaf) || (emptyMap && reads.stream().anyMatch(r -> r.startsWith(leaf + ".")));
            return new Status(read ? Status.SUPPORTED : Status.IGNORED, "");
        }
    }

    /** One key's status and, when not supported, what jwtgate does instead (the warning's words after the marker). */
    record Status(String status, String instead) {
        static final String SUPPORTED = "supported";
        static final String NOT_SUPPORTED = "not supported";
        /** Named in a warning that says the key is deprecated: without effect, or replaced, in Traefik too. */
        static final String DEPRECATED = "deprecated";
        static final String IGNORED = "SILENTLY IGNORED";
    }

    private KeyAudit() {}

    /** Loads {@code doc} as a static configuration file. */
    static Loaded loadStatic(JsonNode doc) {
        Set<String> reads = new LinkedHashSet<>();
        List<String> warnings = new ArrayList<>();
        List<ConfigException> errors = new ArrayList<>();
        try {
            new StaticConfigLoader(warnings::add).parse(new ConfigNode(doc, "traefik.yml", "").recordingReads(r -> reads.add(
                    ReferenceFragments.withoutIndexes(r))), Path.of("target"));
        } catch (ConfigException e) {
            errors.add(e);
        }
        return collect(reads, warnings, errors);
    }

    /** Loads {@code doc} as a file provider's dynamic configuration and builds the runtime from it, as {@code run} does. */
    static Loaded loadDynamic(JsonNode doc, String staticYaml) throws Exception {
        Set<String> reads = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
        List<String> warnings = new CopyOnWriteArrayList<>();
        List<ConfigException> errors = new ArrayList<>();
        Vertx vertx = Vertx.vertx();
        try {
            StaticConfig statics = new StaticConfigLoader(w -> { }).parse(YamlDocuments.parse(staticYaml, "traefik.yml"), Path.of("target"));
            DynamicConfig config = new DynamicConfigParser("file", warnings::add)
                    .add(new ConfigNode(doc, "dynamic.yml", "").recordingReads(r -> reads.add(ReferenceFragments.withoutIndexes(r)))).build();
            RuntimeFactory factory = new RuntimeFactory(statics, MiddlewareRegistry.types(new JwtMiddlewareType(statics.jwtEngine()), Map.of()),
                    ServiceRegistry.types(Map.of()), new BuildContext(vertx, warnings::add, (m, v) -> null), SelfSignedCertificate.generate());
            RuntimeFactory.Built built = factory.build(config, Runtime.empty());
            for (Problem p : built.problems()) {
                errors.add(p.detail());
            }
            RuntimeFactory.closeUnused(built.runtime(), Runtime.empty());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        return collect(reads, warnings, errors);
    }

    private static Loaded collect(Set<String> reads, List<String> warnings, List<ConfigException> errors) {
        Map<String, String> unsupported = new LinkedHashMap<>();
        Map<String, String> deprecated = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        for (String w : warnings) {
            if (!markerPaths(w, unsupported) && !deprecation(w, deprecated)) {
                other.add(w);
            }
        }
        for (ConfigException e : errors) {
            if (Unsupported.isDifference(e.getMessage())) {
                String instead = instead(e.problem());
                unsupported.putIfAbsent(ReferenceFragments.withoutIndexes(e.keyPath()), instead.isEmpty() ? e.fix()
                        : e.fix().isEmpty() ? instead : instead + " (" + e.fix() + ")");
            } else {
                other.add("error: " + e.getMessage());
            }
        }
        return new Loaded(Set.copyOf(reads), unsupported, deprecated, other);
    }

    /** A warning {@code <file>: <path>: deprecated ...}: adds the path and the words from "deprecated" on. */
    private static boolean deprecation(String warning, Map<String, String> into) {
        int at = warning.indexOf(": deprecated");
        if (at < 0) {
            return false;
        }
        String before = warning.substring(0, at);
        int start = before.indexOf(": ");
        if (start < 0) {
            return false;
        }
        into.putIfAbsent(ReferenceFragments.withoutIndexes(before.substring(start + 2)), warning.substring(at + 2));
        return true;
    }

    /** Adds the key paths a warning names before the marker ({@code a.{b, c}.d} is two paths); false when it has no marker. */
    private static boolean markerPaths(String warning, Map<String, String> into) {
        int at = warning.indexOf(": " + Unsupported.MARKER);
        if (at < 0) {
            return false;
        }
        String before = warning.substring(0, at);
        String path = before.substring(before.lastIndexOf(": ") + 2);
        String instead = instead(warning.substring(at + 2));
        for (String p : expand(path)) {
            into.putIfAbsent(ReferenceFragments.withoutIndexes(p), instead);
        }
        return true;
    }

    /** The words after the marker: what jwtgate does instead. */
    private static String instead(String text) {
        int at = text.indexOf(Unsupported.MARKER);
        String rest = at < 0 ? text : text.substring(at + Unsupported.MARKER.length());
        return rest.replaceFirst("^[:,]\\s*", "").strip();
    }

    private static List<String> expand(String path) {
        int open = path.indexOf('{');
        int close = path.indexOf('}', open + 1);
        if (open < 0 || close < 0) {
            return List.of(path);
        }
        List<String> out = new ArrayList<>();
        for (String alt : path.substring(open + 1, close).split(",\\s*")) {
            out.addAll(expand(path.substring(0, open) + alt + path.substring(close + 1)));
        }
        return out;
    }
}
