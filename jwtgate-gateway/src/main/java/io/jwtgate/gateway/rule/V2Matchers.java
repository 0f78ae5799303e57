package io.jwtgate.gateway.rule;

import com.google.re2j.Pattern;
import io.jwtgate.gateway.http.RuleRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Traefik's v2 rule matchers ({@code ruleSyntax: v2}), as Traefik v3.7 still implements them on
 * gorilla/mux (containous/mux): several arguments mean "any of them" ({@code Host}, {@code Path},
 * {@code PathPrefix}, {@code Method}, {@code ClientIP}, {@code HostRegexp}) or "all of these pairs"
 * ({@code Headers}, {@code HeadersRegexp}, {@code Query}); paths, path prefixes, host regexps and
 * query values are mux templates ({@link MuxTemplate}).
 */
final class V2Matchers {

    static final List<String> NAMES = List.of("Host", "HostHeader", "HostRegexp", "ClientIP", "Path", "PathPrefix", "Method",
            "Headers", "HeadersRegexp", "Query");

    private V2Matchers() {}

    /** @throws IllegalArgumentException with Traefik's text */
    static Predicate<RuleRequest> matcher(String name, List<String> a) {
        try {
            return build(name, a);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("error while adding rule " + name + ": " + e.getMessage());
        }
    }

    private static Predicate<RuleRequest> build(String name, List<String> a) {
        return switch (name) {
            case "Host", "HostHeader" -> host(a);
            case "HostRegexp" -> {
                List<Pattern> hosts = new ArrayList<>();
                for (String h : a) {
                    RuleCompiler.requireAscii(h, "HostRegexp");
                    hosts.add(MuxTemplate.compile(h, MuxTemplate.Kind.HOST));
                }
                yield r -> {
                    String host = HostForms.mux(r.authority());
                    return hosts.stream().anyMatch(p -> p.matcher(host).find());
                };
            }
            case "ClientIP" -> {
                IpRanges ranges;
                try {
                    ranges = IpRanges.parse(a);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("could not initialize IP Checker for \"ClientIP\" matcher: " + e.getMessage());
                }
                yield r -> ranges.contains(r.clientAddress());
            }
            case "Path", "PathPrefix" -> {
                MuxTemplate.Kind kind = name.equals("Path") ? MuxTemplate.Kind.PATH : MuxTemplate.Kind.PREFIX;
                List<Pattern> paths = new ArrayList<>();
                for (String p : a) {
                    paths.add(MuxTemplate.compile(p, kind));
                }
                yield r -> paths.stream().anyMatch(p -> p.matcher(r.path()).find());
            }
            case "Method" -> {
                List<String> methods = a.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList();
                yield r -> methods.contains(r.method());
            }
            case "Headers" -> {
                Map<String, String> pairs = pairs(a);
                yield r -> pairs.entrySet().stream().allMatch(e -> r.headers(e.getKey()).contains(e.getValue()));
            }
            case "HeadersRegexp" -> {
                Map<String, Pattern> pairs = new LinkedHashMap<>();
                pairs(a).forEach((k, v) -> pairs.put(k, GoRegexp.compile(v)));
                yield r -> pairs.entrySet().stream()
                        .allMatch(e -> r.headers(e.getKey()).stream().anyMatch(v -> e.getValue().matcher(v).find()));
            }
            case "Query" -> query(a);
            default -> throw new IllegalArgumentException("unsupported matcher " + name);
        };
    }

    /** Exact host (any case in the rule, the request's canonical host), a trailing dot ignored on either side. */
    private static Predicate<RuleRequest> host(List<String> hosts) {
        List<String> lower = new ArrayList<>();
        for (String h : hosts) {
            if (!h.chars().allMatch(c -> c < 0x80)) {
                throw new IllegalArgumentException("invalid value " + GoRegexp.quote(h) + " for \"Host\" matcher, non-ASCII characters are not allowed");
            }
            lower.add(h.toLowerCase(Locale.ROOT));
        }
        return r -> {
            String req = HostForms.canonical(r.authority());
            if (req.isEmpty()) {
                return false;
            }
            for (String h : lower) {
                if (req.equals(h) || (h.endsWith(".") && req.equals(h.substring(0, h.length() - 1)))
                        || (req.endsWith(".") && req.substring(0, req.length() - 1).equals(h))) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * {@code Query(`k=v`, ...)}: each pair a mux query template matched against the key's first
     * value ({@code k=<first value>}); {@code k=} means "k present".
     */
    private static Predicate<RuleRequest> query(List<String> a) {
        List<String> split = new ArrayList<>();
        for (String elem : a) {
            int eq = elem.indexOf('=');
            if (eq < 0) {
                split.add(elem);
            } else {
                split.add(elem.substring(0, eq));
                split.add(elem.substring(eq + 1));
            }
        }
        if (split.size() % 2 != 0) {
            throw new IllegalArgumentException("mux: number of parameters must be multiple of 2, got " + GoRegexp.slice(split));
        }
        List<String> keys = new ArrayList<>();
        List<Pattern> patterns = new ArrayList<>();
        for (int i = 0; i < split.size(); i += 2) {
            keys.add(split.get(i));
            patterns.add(MuxTemplate.compile(split.get(i) + "=" + split.get(i + 1), MuxTemplate.Kind.QUERY));
        }
        return r -> {
            for (int i = 0; i < patterns.size(); i++) {
                List<String> values = r.queryParams(keys.get(i));
                String input = values.isEmpty() ? "" : keys.get(i) + "=" + values.get(0);
                if (!patterns.get(i).matcher(input).find()) {
                    return false;
                }
            }
            return true;
        };
    }

    /** mux's key/value pairs: an even count, a later key replacing an earlier one. */
    private static Map<String, String> pairs(List<String> a) {
        if (a.size() % 2 != 0) {
            throw new IllegalArgumentException("mux: number of parameters must be multiple of 2, got " + GoRegexp.slice(a));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < a.size(); i += 2) {
            out.put(a.get(i), a.get(i + 1));
        }
        return out;
    }
}
