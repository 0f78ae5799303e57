package io.jwtgate.gateway.middleware;

import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Traefik's {@code types.HTTPCodeRanges}: status codes and inclusive ranges written as
 * {@code "404"}, {@code "500-599"} (the {@code status} options of {@code errors} and {@code retry}).
 * A list item may hold several, comma-separated ({@code "404,500-599"}), as Traefik's labels and
 * its documentation write them. Immutable.
 */
public final class StatusCodeRanges {

    private final int[] low;
    private final int[] high;

    private StatusCodeRanges(List<int[]> ranges) {
        this.low = ranges.stream().mapToInt(r -> r[0]).toArray();
        this.high = ranges.stream().mapToInt(r -> r[1]).toArray();
    }

    /** No code at all. */
    public static StatusCodeRanges none() {
        return new StatusCodeRanges(List.of());
    }

    /** Parses the list at {@code node}; a code that is not a number is an error naming the key path. */
    public static StatusCodeRanges parse(ConfigNode node, Consumer<String> warnings) throws ConfigException {
        List<int[]> ranges = new ArrayList<>();
        for (String block : node.stringList()) {
            ranges.add(parseBlock(block, node, warnings));
        }
        return new StatusCodeRanges(ranges);
    }

    /** One code ({@code "503"}) or range ({@code "500-599"}), as Traefik reads it. */
    static int[] parseBlock(String block, ConfigNode node, Consumer<String> warnings) throws ConfigException {
        String[] codes = block.split("-", -1);
        if (codes.length > 2) {
            // Traefik reads the first two numbers and ignores the rest.
            warnings.accept(node.source() + ": " + node.path() + ": '" + block + "' has more than two codes; read as "
                    + codes[0] + "-" + codes[1] + " (as Traefik does)");
        }
        int from = code(codes[0], block, node);
        int to = codes.length == 1 ? from : code(codes[1], block, node);
        if (from > to) {
            warnings.accept(node.source() + ": " + node.path() + ": '" + block + "' is an empty range (" + from + " > " + to
                    + "); it matches no status");
        }
        return new int[] {from, to};
    }

    private static int code(String text, String block, ConfigNode node) throws ConfigException {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw node.error("'" + block + "' is not a status code or a range of codes",
                    "write a code such as \"404\" or an inclusive range such as \"500-599\"");
        }
    }

    public boolean contains(int status) {
        for (int i = 0; i < low.length; i++) {
            if (status >= low[i] && status <= high[i]) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return low.length == 0;
    }

    @Override
    public String toString() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < low.length; i++) {
            out.add(low[i] == high[i] ? Integer.toString(low[i]) : low[i] + "-" + high[i]);
        }
        return out.toString();
    }
}
