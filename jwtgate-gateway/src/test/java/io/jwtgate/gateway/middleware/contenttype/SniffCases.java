package io.jwtgate.gateway.middleware.contenttype;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The cases of {@code middleware/contenttype-sniff-cases.yaml}: bytes and the type Go detects for them. */
final class SniffCases {

    record Case(int index, String desc, byte[] data, String contentType) {
        @Override
        public String toString() {
            return desc;
        }
    }

    private SniffCases() {}

    static List<Case> load() throws Exception {
        try (InputStream in = SniffCases.class.getResourceAsStream("/middleware/contenttype-sniff-cases.yaml")) {
            List<Case> out = new ArrayList<>();
            for (JsonNode n : new ObjectMapper(new YAMLFactory()).readTree(in)) {
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                if (n.has("repeat")) {
                    byte[] unit = goBytes(n.get("repeat").get("text").asText());
                    for (int i = 0; i < n.get("repeat").get("times").asInt(); i++) {
                        data.write(unit);
                    }
                }
                data.write(goBytes(n.get("data").asText()));
                out.add(new Case(out.size(), n.get("desc").asText(), data.toByteArray(), n.get("contentType").asText()));
            }
            return List.copyOf(out);
        }
    }

    /** A Go string literal's content as its bytes: {@code \xNN} one byte, Go's simple escapes, other characters in UTF-8. */
    static byte[] goBytes(String literal) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c != '\\') {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            char e = literal.charAt(++i);
            switch (e) {
                case 'x' -> {
                    out.write(Integer.parseInt(literal.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '\\' -> out.write('\\');
                case '"' -> out.write('"');
                default -> throw new IllegalArgumentException("escape \\" + e + " in " + literal);
            }
        }
        return out.toByteArray();
    }
}
