package io.jwtgate.gateway.config;

/** The TLS versions of Traefik's {@code minVersion}/{@code maxVersion}, with Go's names and the JDK's protocol names. */
public enum TlsVersion {
    TLS10("VersionTLS10", "TLSv1"),
    TLS11("VersionTLS11", "TLSv1.1"),
    TLS12("VersionTLS12", "TLSv1.2"),
    TLS13("VersionTLS13", "TLSv1.3");

    private final String goName;
    private final String javaName;

    TlsVersion(String goName, String javaName) {
        this.goName = goName;
        this.javaName = javaName;
    }

    /** As written in Traefik's configuration: {@code VersionTLS12}. */
    public String goName() {
        return goName;
    }

    /** The JDK's protocol name: {@code TLSv1.2}. */
    public String javaName() {
        return javaName;
    }

    /** The version Traefik names {@code name} (case-sensitive, as Go's map lookup), or null. */
    public static TlsVersion ofGoName(String name) {
        for (TlsVersion v : values()) {
            if (v.goName.equals(name)) {
                return v;
            }
        }
        return null;
    }

    /** The version whose JDK protocol name is {@code name}, or null (SSLv3, DTLS...). */
    public static TlsVersion ofJavaName(String name) {
        for (TlsVersion v : values()) {
            if (v.javaName.equals(name)) {
                return v;
            }
        }
        return null;
    }
}
