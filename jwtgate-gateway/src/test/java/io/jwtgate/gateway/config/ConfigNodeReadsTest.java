package io.jwtgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The read recording TraefikReferenceKeysTest relies on: values read are recorded, keys only present are not. */
class ConfigNodeReadsTest {

    @Test
    void valuesReadAndPresenceTestsAreRecordedNotTheRest() throws Exception {
        Set<String> reads = new LinkedHashSet<>();
        ConfigNode root = YamlDocuments.parse("""
                a: {b: 1, c: x, list: [p, q], servers: [{url: u}], empty: {}, unread: 3}
                """, "t.yml").recordingReads(reads::add);
        ConfigNode a = root.get("a");
        a.get("b").integer(0);
        a.get("c").string(null);
        a.get("list").stringList();
        a.get("servers").elements().get(0).get("url").string(null);
        assertThat(a.has("empty")).isTrue();
        assertThat(a.has("missing")).isFalse();
        a.get("missing").string("default");
        a.toPlain(); // a copy, as fingerprints take: not a read

        assertThat(reads).containsExactlyInAnyOrder("a.b", "a.c", "a.list", "a.list[0]", "a.list[1]", "a.servers", "a.servers[0].url",
                "a.empty");
    }
}
