package io.jwtgate.gateway.config.dynamic;

import io.jwtgate.gateway.config.TlsVersion;
import io.jwtgate.jwt.config.ConfigException;
import java.util.List;

/**
 * {@code tls.options.<name>} (or a Kubernetes {@code TLSOption}), validated and translated to the
 * JDK's names. Traefik's defaults are filled in: TLS 1.2 to 1.3, Go's default cipher suites and
 * curves, ALPN {@code h2, http/1.1, acme-tls/1}.
 *
 * @param name          {@code default} (global) or qualified, {@code foo@file}
 * @param cipherSuites  the JDK names of the TLS 1.0-1.2 suites; TLS 1.3's suites are always enabled, as in Go
 * @param namedGroups   the JDK names of the key-exchange groups, in preference order
 * @param caFiles       {@code clientAuth.caFiles}: paths or PEM text, read when the runtime is built
 * @param alpnProtocols as configured; {@code acme-tls/1} is never negotiated (no ACME)
 * @param provider      the provider that defined it (two providers defining {@code default} cancel it, as in Traefik)
 * @param error         set when the definition is invalid: whatever uses these options refuses its TLS connections
 */
public record TlsOptionsConfig(
        String name,
        TlsVersion minVersion,
        TlsVersion maxVersion,
        List<String> cipherSuites,
        List<String> namedGroups,
        ClientAuthType clientAuthType,
        List<CaFile> caFiles,
        boolean sniStrict,
        List<String> alpnProtocols,
        boolean disableSessionTickets,
        String source,
        String provider,
        ConfigException error) {

    public static final String DEFAULT = "default";

    public TlsOptionsConfig {
        cipherSuites = List.copyOf(cipherSuites);
        namedGroups = List.copyOf(namedGroups);
        caFiles = List.copyOf(caFiles);
        alpnProtocols = List.copyOf(alpnProtocols);
    }

    /** One CA of {@code clientAuth}: a path or PEM text, and where it was written (for error messages). */
    public record CaFile(String value, String origin) {}

    /** Traefik's options when no provider defines {@code default}. */
    public static TlsOptionsConfig traefikDefault() {
        return new TlsOptionsConfig(DEFAULT, TlsVersion.TLS12, TlsVersion.TLS13, TlsOptionsParser.defaultCipherSuites(),
                TlsOptionsParser.defaultGroups(), ClientAuthType.NoClientCert, List.of(), false, GoTlsNames.DEFAULT_ALPN, false,
                "Traefik's default TLS options", null, null);
    }

    /** Options that cannot be used; connections that would use them are refused. */
    public static TlsOptionsConfig broken(String name, String source, String provider, ConfigException error) {
        return new TlsOptionsConfig(name, TlsVersion.TLS12, TlsVersion.TLS13, List.of(), List.of(), ClientAuthType.NoClientCert,
                List.of(), false, List.of(), false, source, provider, error);
    }

    public boolean isDefault() {
        return DEFAULT.equals(name);
    }

    /** The settings alone (no name, source or provider): two definitions are the same when these are equal. */
    public String settings() {
        return minVersion + "|" + maxVersion + "|" + cipherSuites + "|" + namedGroups + "|" + clientAuthType + "|"
                + caFiles.stream().map(CaFile::value).toList() + "|" + sniStrict + "|" + alpnProtocols + "|" + disableSessionTickets
                + "|" + (error == null ? "" : error.getMessage());
    }
}
