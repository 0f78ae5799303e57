package io.jwtgate.gateway.tcp;

import io.jwtgate.expr.Expr;
import io.jwtgate.expr.ExpressionException;
import io.jwtgate.expr.ExpressionParser;
import io.jwtgate.expr.FunctionSignature;
import io.jwtgate.expr.Language;
import io.jwtgate.expr.PredicateCompiler;
import io.jwtgate.gateway.rule.CidrBlock;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A TCP router's rule (Traefik v3's {@code pkg/muxer/tcp}): {@code HostSNI}, {@code HostSNIRegexp},
 * {@code ClientIP}, {@code ALPN}, one argument each, combined with {@code && || ! ( )} on the shared
 * expression grammar. Matcher names are case-insensitive, as in Traefik.
 *
 * @param catchAll the rule is exactly {@code HostSNI(`*`)}: it matches every connection, and yields
 *                 to specific routers (Traefik's priority -1 and its HTTPS-first arbitration)
 */
public record TcpRule(String text, Predicate<ConnData> matcher, boolean catchAll, List<String> hostSnis) {

    static final String ACME_TLS = "acme-tls/1";

    private static final Language LANGUAGE = new Language("TCP rule", List.of(
            FunctionSignature.exactly("HostSNI", 1), FunctionSignature.exactly("HostSNIRegexp", 1),
            FunctionSignature.exactly("ClientIP", 1), FunctionSignature.exactly("ALPN", 1)));
    private static final Language LENIENT = new Language("TCP rule", List.of(
            FunctionSignature.atLeast("HostSNI", 0), FunctionSignature.atLeast("HostSNIRegexp", 0),
            FunctionSignature.atLeast("ClientIP", 0), FunctionSignature.atLeast("ALPN", 0)));
    private static final Map<String, String> CANONICAL = Map.of("hostsni", "HostSNI", "hostsniregexp", "HostSNIRegexp",
            "clientip", "ClientIP", "alpn", "ALPN");
    /** Traefik's {@code hostOrIP}: an optional leading {@code *.}, then word characters, dots, dashes and colons. */
    private static final Pattern REPETITION = Pattern.compile("\\{[0-9]+(,[0-9]*)?}");
    private static final Pattern HOST_OR_IP = Pattern.compile("^(\\*\\.)?[0-9A-Za-z_.\\-:]+$");

    public static TcpRule compile(String rule) throws ExpressionException {
        if (rule == null || rule.isBlank()) {
            throw new ExpressionException(rule == null ? "" : rule, 0, "the rule is empty");
        }
        String text = canonicalNames(rule);
        Expr tree = ExpressionParser.parse(text, LANGUAGE);
        List<String> hosts = new java.util.ArrayList<>();
        Predicate<ConnData> matcher = PredicateCompiler.compile(tree, call -> matcher(text, call, hosts));
        boolean catchAll = tree instanceof Expr.Call c && c.name().equals("HostSNI") && c.args().get(0).equals("*");
        return new TcpRule(rule, matcher, catchAll, List.copyOf(hosts));
    }

    /**
     * Traefik's {@code ParseHostSNI}: the arguments of every {@code HostSNI} in the rule, read without
     * building the matchers (so {@code ClientIP(`10.1`)} or {@code HostSNI()} do not make it fail).
     */
    public static List<String> hostSnis(String rule) throws ExpressionException {
        List<String> out = new java.util.ArrayList<>();
        collectHosts(ExpressionParser.parse(canonicalNames(rule), LENIENT), out);
        return out;
    }

    private static void collectHosts(Expr e, List<String> out) {
        switch (e) {
            case Expr.And a -> {
                collectHosts(a.left(), out);
                collectHosts(a.right(), out);
            }
            case Expr.Or o -> {
                collectHosts(o.left(), out);
                collectHosts(o.right(), out);
            }
            case Expr.Not n -> collectHosts(n.operand(), out);
            case Expr.Call c -> {
                if (c.name().equals("HostSNI")) {
                    out.addAll(c.args());
                }
            }
        }
    }

    /** Traefik's default priority: the rule's length, and -1 for {@code HostSNI(`*`)} so that it comes last. */
    public int defaultPriority() {
        return catchAll ? -1 : text.length();
    }

    private static Predicate<ConnData> matcher(String rule, Expr.Call call, List<String> hosts) throws ExpressionException {
        String arg = call.args().get(0);
        if (arg.isEmpty()) {
            throw new ExpressionException(rule, call.position(), "empty args for matcher " + call.name());
        }
        switch (call.name()) {
            case "HostSNI" -> {
                if (arg.equals("*")) {
                    hosts.add("*");
                    return c -> true; // the catch-all also matches connections without SNI (and cleartext ones)
                }
                if (!HOST_OR_IP.matcher(arg).matches()) {
                    throw new ExpressionException(rule, call.position(), "invalid value for HostSNI matcher, \"" + arg + "\" is not a valid hostname");
                }
                String host = arg.endsWith(".") ? arg.substring(0, arg.length() - 1) : arg;
                hosts.add(host.toLowerCase(Locale.ROOT));
                return c -> !c.serverName().isEmpty() && domainMatches(c.serverName(), host);
            }
            case "HostSNIRegexp" -> {
                if (!arg.chars().allMatch(ch -> ch < 128)) {
                    throw new ExpressionException(rule, call.position(), "invalid value for HostSNIRegexp matcher, \"" + arg
                            + "\" is not a valid hostname");
                }
                try {
                    // Go's RE2 and java.util.regex agree on the syntax hostnames need (classes, groups, anchors),
                    // except for a brace that opens no repetition, which Go reads as a literal.
                    Pattern p = Pattern.compile(literalBraces(arg));
                    return c -> p.matcher(c.serverName()).find();
                } catch (PatternSyntaxException e) {
                    throw new ExpressionException(rule, call.position(), "compiling HostSNIRegexp matcher: " + e.getDescription());
                }
            }
            case "ClientIP" -> {
                CidrBlock block;
                try {
                    block = CidrBlock.parse(arg);
                } catch (IllegalArgumentException e) {
                    throw new ExpressionException(rule, call.position(), "initializing IP checker for ClientIP matcher: " + e.getMessage());
                }
                return c -> {
                    InetAddress ip = ip(c.remoteIp());
                    return ip != null && block.contains(ip);
                };
            }
            case "ALPN" -> {
                if (arg.equals(ACME_TLS)) {
                    throw new ExpressionException(rule, call.position(), "invalid protocol value for ALPN matcher, \"" + ACME_TLS + "\" is not allowed");
                }
                return c -> c.alpn().contains(arg);
            }
            default -> throw new ExpressionException(rule, call.position(), "unknown matcher " + call.name());
        }
    }

    /** Escapes each {@code {} that does not start a repetition ({@code {n}}, {@code {n,}}, {@code {n,m}}), as RE2 reads it. */
    static String literalBraces(String re) {
        StringBuilder out = new StringBuilder(re.length() + 8);
        for (int i = 0; i < re.length(); i++) {
            char ch = re.charAt(i);
            if (ch == '\\' && i + 1 < re.length()) {
                out.append(ch).append(re.charAt(++i));
            } else if (ch == '{' && !REPETITION.matcher(re).region(i, re.length()).lookingAt()) {
                out.append("\\{");
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }

    /** Traefik's {@code DomainMatchHostExpression}: {@code *.example.com} matches one label in front of example.com. */
    public static boolean domainMatches(String domain, String hostExpr) {
        if (hostExpr.startsWith("*")) {
            int dot = domain.indexOf('.');
            String labels = dot < 0 ? "*" : "*" + domain.substring(dot);
            return labels.equalsIgnoreCase(hostExpr);
        }
        return domain.equalsIgnoreCase(hostExpr);
    }

    private static InetAddress ip(String text) {
        byte[] bytes = text == null ? null : NetUtil.createByteArrayFromIpAddressString(text);
        try {
            return bytes == null ? null : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Matcher names are case-insensitive in Traefik: rewrite the known ones, outside quoted arguments, to their canonical spelling. */
    private static String canonicalNames(String rule) {
        StringBuilder out = new StringBuilder(rule.length());
        int i = 0;
        while (i < rule.length()) {
            char ch = rule.charAt(i);
            if (ch == '`' || ch == '"' || ch == '\'') {
                int end = rule.indexOf(ch, i + 1);
                end = end < 0 ? rule.length() : end + 1;
                out.append(rule, i, end);
                i = end;
            } else if (Character.isLetter(ch)) {
                int end = i;
                while (end < rule.length() && Character.isLetterOrDigit(rule.charAt(end))) {
                    end++;
                }
                String word = rule.substring(i, end);
                out.append(CANONICAL.getOrDefault(word.toLowerCase(Locale.ROOT), word));
                i = end;
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString();
    }
}
