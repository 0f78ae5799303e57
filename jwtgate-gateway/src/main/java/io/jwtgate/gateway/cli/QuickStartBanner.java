package io.jwtgate.gateway.cli;

import io.jwtgate.gateway.Gateway;
import io.jwtgate.gateway.config.statics.EntryPointConfig;
import io.jwtgate.gateway.config.statics.StaticConfig;

/** Prints what to try once the gateway is up, when it runs with the bundled demo backend. */
final class QuickStartBanner {

    private QuickStartBanner() {}

    static void print(StaticConfig config, Gateway gateway) {
        if (config.demoBackend() == null) {
            return;
        }
        StringBuilder b = new StringBuilder("\njwtgate is running. Try:\n");
        for (EntryPointConfig ep : config.entryPoints().values()) {
            if (ep.redirect() != null) {
                continue;
            }
            String scheme = ep.tls() ? "https" : "http";
            String insecure = ep.tls() ? "-k " : "";
            b.append("  curl ").append(insecure).append(scheme).append("://localhost:").append(gateway.port(ep.name()))
                    .append("/whoami        # entry point ").append(ep.name()).append('\n');
        }
        System.out.println(b);
    }
}
