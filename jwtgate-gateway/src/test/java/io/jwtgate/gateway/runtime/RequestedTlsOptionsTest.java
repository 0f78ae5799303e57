package io.jwtgate.gateway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.config.YamlDocuments;
import io.jwtgate.gateway.config.dynamic.RouterConfig;
import io.jwtgate.gateway.config.statics.EntryPointConfig;
import io.jwtgate.gateway.config.statics.StaticConfig;
import io.jwtgate.gateway.config.statics.StaticConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The options a router asks for: its own tls.options, else (no tls of its own) the entry point's http.tls.options. */
class RequestedTlsOptionsTest {

    static RouterConfig router(String name, boolean tls, String options) {
        return new RouterConfig(name, "Host(`a`)", List.of(), List.of(), "s@file", 0, tls, options, "dynamic.yml", null);
    }

    @Test
    void entryPointOptionsApplyToRoutersWithoutTlsOfTheirOwnQualifiedWithTheirProvider() throws Exception {
        List<String> warnings = new ArrayList<>();
        StaticConfig statics = new StaticConfigLoader(warnings::add).parse(YamlDocuments.parse("""
                entryPoints:
                  websecure: {address: ":8443", http: {tls: {options: modern, certResolver: le, domains: [{main: a.test}]}}}
                  plain: {address: ":8444", http: {tls: {certResolver: ""}}}   # empty: manual certificates, no difference
                """, "traefik.yml"), Path.of("."));
        EntryPointConfig websecure = statics.entryPoints().get("websecure");
        EntryPointConfig plain = statics.entryPoints().get("plain");
        assertThat(websecure.tlsOptions()).isEqualTo("modern");
        assertThat(RuntimeFactory.requestedTlsOptions(router("r@file", false, null), websecure)).isEqualTo("modern@file");
        assertThat(RuntimeFactory.requestedTlsOptions(router("r@kubernetescrd", false, null), websecure)).isEqualTo("modern@kubernetescrd");
        assertThat(RuntimeFactory.requestedTlsOptions(router("r@file", true, null), websecure)).isEqualTo("default");
        assertThat(RuntimeFactory.requestedTlsOptions(router("r@file", true, "x@file"), websecure)).isEqualTo("x@file");
        assertThat(RuntimeFactory.requestedTlsOptions(router("r@file", false, null), plain)).isEqualTo("default");
        // certResolver and domains are the ACME defaults of the routers on the entry point (see AcmeIT), not a difference.
        assertThat(warnings).isEmpty();
        assertThat(statics.acme().entryPoints()).containsOnlyKeys("websecure");
        assertThat(statics.acme().entryPoints().get("websecure")).isEqualTo(new io.jwtgate.gateway.config.statics.AcmeConfig.EntryPointTls(
                "le", List.of(new io.jwtgate.gateway.config.TlsDomain("a.test", List.of()))));
    }
}
