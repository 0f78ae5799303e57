package io.jwtgate.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.MultiMap;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * What the YAML case runners (MiddlewareCases, ErrorsCases, ForwardAuthCases, RetryCases) share:
 * reading a data file, and checking a case's expectations against what happened, collecting
 * every difference (so that a failing case says all that is wrong with it, not the first thing).
 * Each runner keeps the checks only it has.
 */
public final class CaseExpectations {

    /** The header by which each runner's routers tell the cases apart (rules match it). */
    public static final String CASE_HEADER = "X-Test-Case";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final UnaryOperator<String> placeholders;
    private final List<String> failures = new ArrayList<>();

    /** @param placeholders turns an expected value as written into the value to compare (e.g. a server's URL for a name) */
    public CaseExpectations(UnaryOperator<String> placeholders) {
        this.placeholders = placeholders;
    }

    public CaseExpectations() {
        this(UnaryOperator.identity());
    }

    /** The rows of a data file on the test class path (a YAML list), each made a case with its index (from 0). */
    public static <T> List<T> rows(String resource, BiFunction<Integer, JsonNode, T> toCase) throws IOException {
        try (InputStream in = CaseExpectations.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            List<T> out = new ArrayList<>();
            YAML.readTree(in).forEach(row -> out.add(toCase.apply(out.size(), row)));
            return List.copyOf(out);
        }
    }

    /** A header's values as a case writes them: one value, or a list. */
    public static List<String> values(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(x -> out.add(x.asText()));
        } else {
            out.add(v.asText());
        }
        return out;
    }

    /** The case number a request carries ({@link #CASE_HEADER}, a path segment...); -1 for none. */
    public static int caseIndex(String text) {
        try {
            return text == null ? -1 : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** {@code status} (200 when the case does not say) against the status the client got. */
    public CaseExpectations status(JsonNode expect, int actual) {
        return count("status", expect.path("status").asInt(200), actual);
    }

    /** {@code body}, when the case gives one, against the body the client got. */
    public CaseExpectations body(JsonNode expect, String actual) {
        if (expect.hasNonNull("body")) {
            equal("body", expect.get("body").asText(), actual);
        }
        return this;
    }

    /** Each header of {@code expected} has exactly its values (in order) in {@code actual}; each name in {@code absent} is missing. */
    public CaseExpectations headers(String what, JsonNode expected, JsonNode absent, MultiMap actual) {
        expected.fields().forEachRemaining(h -> {
            List<String> values = values(h.getValue()).stream().map(placeholders).toList();
            if (!actual.getAll(h.getKey()).equals(values)) {
                failures.add(what + " " + h.getKey() + " = " + actual.getAll(h.getKey()) + ", expected " + values);
            }
        });
        for (JsonNode name : absent) {
            if (actual.contains(name.asText())) {
                failures.add(what + " " + name.asText() + " present: " + actual.getAll(name.asText()));
            }
        }
        return this;
    }

    /** Whether {@code server} (e.g. "the backend") received the request, as the case expects. */
    public CaseExpectations reached(String server, boolean expected, boolean reached) {
        if (expected != reached) {
            failures.add(server + (expected ? " was not reached" : " was reached"));
        }
        return this;
    }

    /** {@code expected}, when the case gives it, against {@code actual}. */
    public CaseExpectations equal(String what, JsonNode expected, String actual) {
        if (!expected.isMissingNode()) {
            equal(what, expected.asText(), actual);
        }
        return this;
    }

    public CaseExpectations equal(String what, String expected, String actual) {
        String wanted = placeholders.apply(expected);
        if (!wanted.equals(actual)) {
            failures.add(what + " '" + actual + "', expected '" + wanted + "'");
        }
        return this;
    }

    public CaseExpectations count(String what, int expected, int actual) {
        if (expected != actual) {
            failures.add(what + " " + actual + ", expected " + expected);
        }
        return this;
    }

    /** A difference a runner found by its own check. */
    public CaseExpectations fail(String failure) {
        failures.add(failure);
        return this;
    }

    /** Every difference found; empty when the case passes. */
    public List<String> failures() {
        return List.copyOf(failures);
    }
}
