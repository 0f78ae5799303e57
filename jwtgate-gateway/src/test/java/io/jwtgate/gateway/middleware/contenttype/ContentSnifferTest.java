package io.jwtgate.gateway.middleware.contenttype;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Go's {@code http.DetectContentType} cases (sniff_test.go's sniffTests and jwtgate's own) against {@link ContentSniffer}. */
class ContentSnifferTest {

    @TestFactory
    Stream<DynamicTest> detectsWhatGoDetects() throws Exception {
        return SniffCases.load().stream().map(c -> DynamicTest.dynamicTest(c.desc(),
                () -> assertThat(ContentSniffer.detect(c.data())).as(c.desc()).isEqualTo(c.contentType())));
    }

    @Test
    void looksAtTheFirstBytesOfALongerBufferOnly() {
        byte[] data = "<html> and then some".getBytes();
        assertThat(ContentSniffer.detect(data, 5)).as("'<html' alone is not a tag").isEqualTo("text/plain; charset=utf-8");
        assertThat(ContentSniffer.detect(data, 6)).isEqualTo("text/html; charset=utf-8");
    }
}
