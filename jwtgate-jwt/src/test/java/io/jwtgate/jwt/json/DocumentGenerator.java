package io.jwtgate.jwt.json;

import java.util.Random;

/** Random JSON-ish documents for the differential test: valid trees, plus byte-level mutations of them. */
final class DocumentGenerator {

    private static final String[] NAMES = {"sub", "iss", "exp", "a", "", "\\u0061", "é", "\\\"q", "roles", "x\\ny"};
    private static final String[] STRINGS = {"", "plain", "with space", "\\\"", "\\\\", "\\/", "\\b\\f\\n\\r\\t",
            "\\u00e9\\u0000", "\\uD83D\\uDE00", "\\ud800", "日本語", "\uD83D\uDE00", "é", "\u007f", "a\\u005Cb"};
    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "1700000000", "0.5", "1e10", "1E-2", "-1.25e+3",
            "123456789012345678901234567890", "1.0", "9007199254740993"};
    private static final String[] WHITESPACE = {"", "", "", " ", "\n", "\t", "\r\n "};
    private static final String[] NOISE = {"{", "}", "[", "]", ",", ":", "\"", "\\", "0", "-", ".", "e", "+", "t",
            "n", "f", "x", " ", "/*", "'", "\u0001", "\u00ff", "\uD83D\uDE00"};

    private DocumentGenerator() {}

    static String document(Random random) {
        StringBuilder out = new StringBuilder();
        object(random, out, 0);
        return out.toString();
    }

    private static void value(Random random, StringBuilder out, int depth) {
        int kind = random.nextInt(depth > 3 ? 6 : 8);
        switch (kind) {
            case 0, 1 -> out.append('"').append(pick(random, STRINGS)).append('"');
            case 2 -> out.append(pick(random, NUMBERS));
            case 3 -> out.append(random.nextBoolean() ? "true" : "false");
            case 4 -> out.append("null");
            case 5 -> out.append('"').append(random.nextInt(1000)).append('"');
            case 6 -> object(random, out, depth + 1);
            default -> array(random, out, depth + 1);
        }
    }

    private static void object(Random random, StringBuilder out, int depth) {
        out.append('{').append(pick(random, WHITESPACE));
        int members = random.nextInt(6);
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                out.append(',').append(pick(random, WHITESPACE));
            }
            // Names from a small set: duplicates (also through escapes) happen often.
            out.append('"').append(pick(random, NAMES)).append(random.nextInt(4) == 0 ? "" : String.valueOf(i)).append('"')
                    .append(pick(random, WHITESPACE)).append(':').append(pick(random, WHITESPACE));
            value(random, out, depth);
            out.append(pick(random, WHITESPACE));
        }
        out.append('}');
    }

    private static void array(Random random, StringBuilder out, int depth) {
        out.append('[');
        int elements = random.nextInt(4);
        for (int i = 0; i < elements; i++) {
            if (i > 0) {
                out.append(',').append(pick(random, WHITESPACE));
            }
            value(random, out, depth);
        }
        out.append(']');
    }

    /** One to three edits: flip a byte, delete, duplicate or insert a JSON-significant fragment, truncate. */
    static byte[] mutate(Random random, byte[] doc) {
        byte[] current = doc;
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = current.length == 0 ? 0 : random.nextInt(current.length);
            switch (random.nextInt(5)) {
                case 0 -> {
                    if (current.length > 0) {
                        current = current.clone();
                        current[at] = (byte) random.nextInt(256);
                    }
                }
                case 1 -> current = splice(current, at, Math.min(current.length, at + 1 + random.nextInt(3)), new byte[0]);
                case 2 -> current = splice(current, at, at, pick(random, NOISE).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                case 3 -> current = java.util.Arrays.copyOf(current, at);
                default -> current = splice(current, at, at, java.util.Arrays.copyOfRange(current, at, Math.min(current.length, at + 4)));
            }
        }
        return current;
    }

    private static byte[] splice(byte[] doc, int from, int to, byte[] insert) {
        byte[] out = new byte[doc.length - (to - from) + insert.length];
        System.arraycopy(doc, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(doc, to, out, from + insert.length, doc.length - to);
        return out;
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }
}
