package io.jwtgate.gateway.middleware;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Go's {@code regexp} as Traefik's middlewares use it, on Java's engine: {@code (?P<name>)} groups,
 * {@code MatchString} (found anywhere) and {@code ReplaceAllString} with Go's template syntax
 * ({@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}), which Java's
 * {@code replaceAll} does not share ({@code ${1}} is an error there, {@code $1x} means group 1
 * then "x" where Go reads a group named "1x").
 */
public final class GoRegex {

    private final Pattern pattern;
    private final Map<String, Integer> names;

    private GoRegex(Pattern pattern) {
        this.pattern = pattern;
        this.names = pattern.namedGroups();
    }

    /** Compiles the option at {@code node}; a syntax error names the key path. */
    public static GoRegex compile(ConfigNode node) throws ConfigException {
        String source = node.requiredString().strip();
        try {
            return new GoRegex(Pattern.compile(source.replace("(?P<", "(?<")));
        } catch (PatternSyntaxException e) {
            throw node.error("'" + source + "' is not a valid regular expression: " + e.getDescription(),
                    "write a Go/RE2 expression such as ^/api/(.*)");
        }
    }

    /** A constant expression of the code (never from configuration). */
    public static GoRegex of(String source) {
        return new GoRegex(Pattern.compile(source.replace("(?P<", "(?<")));
    }

    public Pattern pattern() {
        return pattern;
    }

    /** Go's {@code MatchString}: a match anywhere. */
    public boolean matches(String input) {
        return pattern.matcher(input).find();
    }

    /** Go's {@code ReplaceAllString}: every non-overlapping match replaced by the expanded template (empty matches next to a previous match are skipped, as in Go). */
    public String replaceAll(String input, String template) {
        Matcher m = pattern.matcher(input);
        StringBuilder out = new StringBuilder();
        int last = 0;
        int previousEnd = -1;
        while (m.find()) {
            if (m.start() == m.end() && m.start() == previousEnd) {
                continue;
            }
            out.append(input, last, m.start());
            expand(m, template, out);
            last = m.end();
            previousEnd = m.end();
        }
        out.append(input, last, input.length());
        return out.toString();
    }

    /** Go's {@code Regexp.Expand} for one match. */
    void expand(Matcher m, String template, StringBuilder out) {
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = template.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int end;
            if (next == '{') {
                int close = template.indexOf('}', i + 2);
                name = close < 0 ? "" : template.substring(i + 2, close);
                end = close + 1;
                if (close < 0 || name.isEmpty() || !isName(name)) {
                    out.append('$'); // malformed: Go copies the '$' literally
                    i++;
                    continue;
                }
            } else {
                end = i + 1;
                while (end < template.length() && isNameChar(template.charAt(end))) {
                    end++;
                }
                name = template.substring(i + 1, end);
                if (name.isEmpty()) {
                    out.append('$');
                    i++;
                    continue;
                }
            }
            String group = group(m, name);
            if (group != null) {
                out.append(group);
            }
            i = end;
        }
    }

    private String group(Matcher m, String name) {
        Integer index = null;
        if (name.chars().allMatch(Character::isDigit) && name.length() < 9) {
            index = Integer.parseInt(name);
        } else {
            index = names.get(name);
        }
        if (index == null || index > m.groupCount()) {
            return null;
        }
        return m.group(index);
    }

    private static boolean isName(String s) {
        return s.chars().allMatch(c -> isNameChar((char) c));
    }

    private static boolean isNameChar(char c) {
        return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
