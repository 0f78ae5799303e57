/**
 * The JWT verification library behind jwtgate's middleware. The API is the three exported packages:
 * {@code io.jwtgate.jwt} (authenticator, configuration, outcomes, engine, diagnostics),
 * {@code io.jwtgate.jwt.config} (settings records and the option reader) and
 * {@code io.jwtgate.jwt.json} (the claim values outcomes carry). Parsers, key sets, caches and
 * crypto engines are internal and may change in any release.
 */
module io.jwtgate.jwt {
    requires transitive io.jwtgate.expr;
    requires transitive java.net.http;
    requires org.slf4j;
    requires com.github.benmanes.caffeine;
    requires com.nimbusds.jose.jwt;
    requires org.bouncycastle.provider;

    exports io.jwtgate.jwt;
    exports io.jwtgate.jwt.config;
    exports io.jwtgate.jwt.json;
}
