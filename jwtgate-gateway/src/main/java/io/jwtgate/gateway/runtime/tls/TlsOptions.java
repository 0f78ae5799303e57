package io.jwtgate.gateway.runtime.tls;

import io.jwtgate.gateway.config.dynamic.ClientAuthType;
import io.jwtgate.gateway.config.dynamic.GoTlsNames;
import io.jwtgate.gateway.config.dynamic.TlsOptionsConfig;
import io.jwtgate.gateway.config.TlsVersion;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * One set of TLS options ready for the entry points: the validated configuration and the client
 * CA certificates read from {@code caFiles}.
 */
public record TlsOptions(TlsOptionsConfig config, List<X509Certificate> clientCas, TlsOptionsRef ref) {

    public TlsOptions {
        clientCas = List.copyOf(clientCas);
    }

    public String name() {
        return config.name();
    }

    public TlsVersion minVersion() {
        return config.minVersion();
    }

    public TlsVersion maxVersion() {
        return config.maxVersion();
    }

    /** The suites to enable: TLS 1.3's (never configurable, as in Go), then the configured TLS 1.2 ones in order. */
    public List<String> cipherSuites() {
        List<String> out = new ArrayList<>(GoTlsNames.TLS13_SUITES);
        out.addAll(config.cipherSuites());
        return out;
    }

    public List<String> namedGroups() {
        return config.namedGroups();
    }

    public ClientAuthType clientAuth() {
        return config.clientAuthType();
    }

    public boolean sniStrict() {
        return config.sniStrict();
    }

    public boolean disableSessionTickets() {
        return config.disableSessionTickets();
    }

    /**
     * The protocols offered through ALPN, as configured. {@code acme-tls/1} (in Traefik's default list) is
     * only ever completed for a pending tls-alpn-01 challenge: otherwise the handshake fails (see SessionKeyManager).
     */
    public List<String> alpnProtocols() {
        return config.alpnProtocols();
    }
}
