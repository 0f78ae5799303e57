package io.jwtgate.jwt.config;

import java.util.Locale;

/**
 * The JCA providers jwtgate can verify signatures with. None is ever installed globally
 * ({@code Security.addProvider}): engines are obtained with {@code getInstance(name, provider)}, so
 * other code in the process keeps the JDK's defaults.
 */
public enum CryptoProvider {
    /** Amazon Corretto Crypto Provider: AWS-LC through JNI (Linux x86_64/aarch64 only). */
    ACCP("accp"),
    /** BouncyCastle: pure Java, faster than the JDK for ECDSA and EdDSA. */
    BOUNCYCASTLE("bouncycastle"),
    /** The JDK's own providers (SunJCE, SunRsaSign, SunEC): always present. */
    JDK("jdk");

    private final String configName;

    CryptoProvider(String configName) {
        this.configName = configName;
    }

    /** The name used in the configuration and in logs. */
    public String configName() {
        return configName;
    }

    /** Case-insensitive lookup of a configuration name; null when unknown. {@code bc} is accepted for BouncyCastle. */
    public static CryptoProvider fromConfig(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("bc")) {
            return BOUNCYCASTLE;
        }
        for (CryptoProvider p : values()) {
            if (p.configName.equals(lower)) {
                return p;
            }
        }
        return null;
    }
}
