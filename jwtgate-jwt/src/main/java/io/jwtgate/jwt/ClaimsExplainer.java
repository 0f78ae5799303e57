package io.jwtgate.jwt;

import io.jwtgate.expr.Expr;
import io.jwtgate.expr.ExpressionException;
import io.jwtgate.expr.ExpressionParser;
import io.jwtgate.jwt.claims.ClaimsPolicy;
import io.jwtgate.jwt.json.CompactJson;
import io.jwtgate.jwt.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Explains a {@code claims} expression against a claim set: every sub-expression with its value,
 * indented as a tree, so that the one that made the whole expression false stands out.
 * Each node is re-rendered as source and evaluated by the real {@link ClaimsPolicy}, so the
 * explanation cannot disagree with the middleware.
 */
public final class ClaimsExplainer {

    private ClaimsExplainer() {}

    /** One line per node of the expression, indented by depth, each marked {@code true } or {@code FALSE}. */
    public static List<String> explain(String expression, JsonValue.JsonObject claims) throws ExpressionException {
        Expr root = ExpressionParser.parse(expression, ClaimsPolicy.LANGUAGE);
        List<String> lines = new ArrayList<>();
        walk(root, claims, 0, lines);
        return lines;
    }

    private static boolean walk(Expr node, JsonValue.JsonObject claims, int depth, List<String> out) throws ExpressionException {
        String indent = "  ".repeat(depth);
        int at = out.size();
        out.add(null);
        boolean value = ClaimsPolicy.compile(render(node)).test(claims);
        switch (node) {
            case Expr.And and -> {
                walk(and.left(), claims, depth + 1, out);
                walk(and.right(), claims, depth + 1, out);
                out.set(at, indent + mark(value) + " && (all must be true)");
            }
            case Expr.Or or -> {
                walk(or.left(), claims, depth + 1, out);
                walk(or.right(), claims, depth + 1, out);
                out.set(at, indent + mark(value) + " || (one must be true)");
            }
            case Expr.Not not -> {
                walk(not.operand(), claims, depth + 1, out);
                out.set(at, indent + mark(value) + " ! (negation)");
            }
            case Expr.Call call -> out.set(at, indent + mark(value) + " " + render(call) + "   [" + describe(call, claims) + "]");
        }
        return value;
    }

    private static String mark(boolean value) {
        return value ? "true " : "FALSE";
    }

    private static String describe(Expr.Call call, JsonValue.JsonObject claims) {
        String path = call.args().get(0);
        JsonValue v = lookup(claims, path);
        return v == null ? "claim " + path + " is missing" : "claim " + path + " = " + CompactJson.write(v);
    }

    /** Claim path lookup for display only (dots separate levels; the policy itself handles escapes). */
    private static JsonValue lookup(JsonValue.JsonObject claims, String path) {
        JsonValue cur = claims;
        for (String part : path.split("(?<!\\\\)\\.")) {
            if (!(cur instanceof JsonValue.JsonObject o)) {
                return null;
            }
            cur = o.get(part.replace("\\.", ".").replace("\\\\", "\\"));
            if (cur == null) {
                return null;
            }
        }
        return cur;
    }

    /** Source text for a node, with arguments as Go double-quoted strings (safe for any content). */
    static String render(Expr node) {
        return switch (node) {
            case Expr.And and -> "(" + render(and.left()) + " && " + render(and.right()) + ")";
            case Expr.Or or -> "(" + render(or.left()) + " || " + render(or.right()) + ")";
            case Expr.Not not -> "!" + render(not.operand());
            case Expr.Call call -> call.name() + "(" + String.join(", ", call.args().stream().map(ClaimsExplainer::quote).toList()) + ")";
        };
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
