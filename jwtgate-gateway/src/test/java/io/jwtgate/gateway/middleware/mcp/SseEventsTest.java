package io.jwtgate.gateway.middleware.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Event framing of text/event-stream, whatever the line endings and wherever the chunks split. */
class SseEventsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            LF                        | 'data: a\\n\\ndata: b\\n\\n'                         | a;b
            CRLF                      | 'data: a\\r\\n\\r\\ndata: b\\r\\n\\r\\n'             | a;b
            CR                        | 'data: a\\r\\rdata: b\\r\\r'                         | a;b
            mixed endings             | 'data: a\\r\\n\\ndata: b\\n\\r\\n'                   | a;b
            multi-line data           | 'event: message\\nid: 7\\ndata: {\\ndata: }\\n\\n'  | '{\\n}'
            no space after colon      | 'data:x\\n\\n'                                       | x
            field without colon       | 'data\\n\\n'                                         | ''
            comment and data          | ': keep-alive\\ndata: z\\n\\n'                       | z
            comment only              | ': keep-alive\\n\\n'                                 | -
            leading blank lines       | '\\n\\ndata: a\\n\\n'                                | a
            unfinished event dropped  | 'data: a\\n\\ndata: b\\n'                            | a
            """)
    void eventsAreSplitAtEmptyLinesWhateverTheChunks(String desc, String stream, String expected) {
        String text = stream.replace("\\n", "\n").replace("\\r", "\r");
        List<String> expect = expected.equals("-") ? List.of() : List.of(expected.replace("\\n", "\n").split(";", -1));
        for (int chunk = 1; chunk <= text.length(); chunk++) {
            SseEvents events = new SseEvents(1024);
            List<String> data = new ArrayList<>();
            StringBuilder raw = new StringBuilder();
            for (int i = 0; i < text.length(); i += chunk) {
                for (SseEvents.Event e : events.feed(Buffer.buffer(text.substring(i, Math.min(text.length(), i + chunk))))) {
                    if (e.data() != null) {
                        data.add(e.data());
                    }
                    raw.append(e.raw().toString());
                }
            }
            for (SseEvents.Event e : events.finish()) {
                if (e.data() != null) {
                    data.add(e.data());
                }
                raw.append(e.raw().toString());
            }
            assertThat(data).as(desc + " in chunks of " + chunk).isEqualTo(expect);
            assertThat(text).as("bytes kept, blank separators aside").contains(raw.toString().replaceFirst("^\\s+", ""));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an unfinished event    | 'data: 0123456789012345678901234567890'
            a complete event       | 'data: 0123456789012345678901234567890\\n\\n'
            """)
    void anEventLargerThanTheLimitIsRefused(String desc, String stream) {
        SseEvents events = new SseEvents(16);
        assertThatThrownBy(() -> events.feed(Buffer.buffer(stream.replace("\\n", "\n")))).isInstanceOf(SseEvents.TooLarge.class);
    }

    @org.junit.jupiter.api.Test
    void aRewrittenEventKeepsItsOtherFields() {
        SseEvents.Event e = new SseEvents(100).feed(Buffer.buffer("id: 3\nevent: message\ndata: {\"a\":\ndata: 1}\n\n")).get(0);
        assertThat(e.withData("{\"a\":2}").toString()).isEqualTo("id: 3\nevent: message\ndata: {\"a\":2}\n\n");
    }
}
