package io.jwtgate.gateway.middleware.compress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@code compress-negotiation.yaml}: the {@code Accept-Encoding} lines (null: no header),
 * the options, and the choice ({@code gzip}, {@code br}, {@code zstd}, {@code identity} or
 * {@code not_acceptable}). Checked as a unit ({@code AcceptEncodingTest}) and over HTTP ({@code CompressIT}).
 */
record NegotiationCase(String desc, String source, List<String> acceptEncoding, List<String> encodings,
                       String defaultEncoding, String expected) {

    /** The coding the response is compressed with: the choice when it is a coding, else none. */
    String overHttp() {
        return expected.equals("identity") || expected.equals("not_acceptable") ? null : expected;
    }

    static List<NegotiationCase> load(String resource) throws Exception {
        try (InputStream in = NegotiationCase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            List<NegotiationCase> out = new ArrayList<>();
            for (JsonNode n : new ObjectMapper(new YAMLFactory()).readTree(in)) {
                out.add(new NegotiationCase(n.path("desc").asText(), n.path("source").asText(), strings(n.get("acceptEncoding")),
                        strings(n.get("encodings")), n.hasNonNull("defaultEncoding") ? n.get("defaultEncoding").asText() : null,
                        n.path("expected").asText()));
            }
            return out;
        }
    }

    private static List<String> strings(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asText()));
        return out;
    }

    @Override
    public String toString() {
        return desc + " (" + source + ")";
    }
}
