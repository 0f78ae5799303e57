package io.jwtgate.gateway.provider.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The equality- and set-based label selector syntax of Kubernetes ({@code app=web,tier!=db,env in (a,b),!legacy}),
 * for manifest files; the API provider hands the same string to the API server.
 */
public final class LabelSelector {

    private record Requirement(String key, String op, Set<String> values) {}

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    /** @throws IllegalArgumentException with the offending part when the selector cannot be read */
    public static LabelSelector parse(String selector) {
        List<Requirement> out = new ArrayList<>();
        if (selector == null || selector.isBlank()) {
            return new LabelSelector(out);
        }
        for (String part : splitTopLevel(selector)) {
            String p = part.trim();
            java.util.regex.Matcher set = java.util.regex.Pattern.compile("^(\\S+)\\s+(in|notin)\\s*\\((.*)\\)$").matcher(p);
            if (set.matches()) {
                Set<String> values = new java.util.HashSet<>();
                for (String v : set.group(3).split(",")) {
                    values.add(v.trim());
                }
                out.add(new Requirement(set.group(1), set.group(2), values));
            } else if (p.contains("!=")) {
                out.add(new Requirement(p.substring(0, p.indexOf("!=")).trim(), "!=", Set.of(p.substring(p.indexOf("!=") + 2).trim())));
            } else if (p.contains("==")) {
                out.add(new Requirement(p.substring(0, p.indexOf("==")).trim(), "=", Set.of(p.substring(p.indexOf("==") + 2).trim())));
            } else if (p.contains("=")) {
                out.add(new Requirement(p.substring(0, p.indexOf('=')).trim(), "=", Set.of(p.substring(p.indexOf('=') + 1).trim())));
            } else if (p.startsWith("!")) {
                out.add(new Requirement(p.substring(1).trim(), "!exists", Set.of()));
            } else if (p.matches("[A-Za-z0-9./_-]+")) {
                out.add(new Requirement(p, "exists", Set.of()));
            } else {
                throw new IllegalArgumentException("cannot read '" + p + "'");
            }
        }
        return new LabelSelector(out);
    }

    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    public boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            String v = labels.get(r.key());
            boolean ok = switch (r.op()) {
                case "=", "in" -> v != null && r.values().contains(v);
                case "!=", "notin" -> v == null || !r.values().contains(v);
                case "exists" -> v != null;
                default -> v == null;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
