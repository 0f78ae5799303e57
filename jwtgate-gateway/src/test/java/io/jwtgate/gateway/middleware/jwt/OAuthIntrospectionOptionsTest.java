package io.jwtgate.gateway.middleware.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jwtgate.jwt.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Traefik Hub's oAuthIntrospection options as JWT options, and the key paths of their errors. */
class OAuthIntrospectionOptionsTest {

    static Map<String, Object> json(String text) {
        return new JsonObject(text).getMap();
    }

    @Test
    void theHubShapeBecomesAJwtMiddlewareWithIntrospectionAndNoKeySource() throws Exception {
        Map<String, Object> jwt = OAuthIntrospectionOptions.toJwtOptions(json("""
                {"tokenSource": {"header": "Authorization", "headerAuthScheme": "Bearer", "query": "tok", "cookie": "at"},
                 "clientConfig": {"url": "https://idp/introspect", "headers": {"Authorization": "Basic eDp5"}, "timeoutSeconds": 2,
                                  "maxRetries": 1, "tls": {"insecureSkipVerify": true}},
                 "tokenTypeHint": "access_token", "forwardHeaders": {"Group": "grp"}, "claims": "Equals(`grp`, `admin`)", "cacheTtl": "1m"}
                """));
        assertThat(jwt).containsEntry("headerName", "Authorization").containsEntry("tokenKey", "tok").containsEntry("tokenCookie", "at")
                .containsEntry("claims", "Equals(`grp`, `admin`)").containsKey("forwardHeaders").doesNotContainKey("signingSecret");
        @SuppressWarnings("unchecked")
        Map<String, Object> introspection = (Map<String, Object>) jwt.get("introspection");
        assertThat(introspection).containsEntry("url", "https://idp/introspect").containsEntry("tokenTypeHint", "access_token")
                .containsEntry("timeoutSeconds", 2).containsEntry("maxRetries", 1).containsEntry("cacheTtl", "1m").containsKeys("headers", "tls");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no token source         | {"clientConfig": {"url": "https://idp/i"}}                                                  | tokenSource
            empty token source      | {"tokenSource": {}, "clientConfig": {"url": "https://idp/i"}}                               | tokenSource
            no scheme               | {"tokenSource": {"header": "Authorization"}, "clientConfig": {"url": "https://idp/i"}}      | tokenSource.headerAuthScheme
            other scheme            | {"tokenSource": {"header": "Authorization", "headerAuthScheme": "Token"}, "clientConfig": {"url": "https://idp/i"}} | tokenSource.headerAuthScheme
            scheme on custom header | {"tokenSource": {"header": "X-Token", "headerAuthScheme": "Bearer"}, "clientConfig": {"url": "https://idp/i"}} | tokenSource.headerAuthScheme
            no client config        | {"tokenSource": {"query": "t"}}                                                             | clientConfig
            unknown key             | {"tokenSource": {"query": "t"}, "clientConfig": {"url": "https://idp/i"}, "jwksUrl": "x"}   | jwksUrl
            unknown client key      | {"tokenSource": {"query": "t"}, "clientConfig": {"url": "https://idp/i", "uri": "x"}}       | clientConfig.uri
            """)
    void shapeErrorsNameTheKeyAsWritten(String name, String options, String path) {
        assertThatThrownBy(() -> OAuthIntrospectionOptions.toJwtOptions(json(options))).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).keyPath()).isEqualTo(path));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            introspection.url                    | clientConfig.url
            introspection.headers.Authorization  | clientConfig.headers.Authorization
            introspection.tls.ca                 | clientConfig.tls.ca
            introspection.clientSecret           | clientConfig.clientSecret
            introspection.tokenTypeHint          | tokenTypeHint
            introspection.cacheTtl               | cacheTtl
            headerName                           | tokenSource.header
            tokenKey                             | tokenSource.query
            tokenCookie                          | tokenSource.cookie
            forwardHeaders.X-A                   | forwardHeaders.X-A
            claims                               | claims
            """)
    void jwtOptionPathsAreReportedAsTheHubKeys(String jwtPath, String hubPath) {
        assertThat(OAuthIntrospectionOptions.hubPath(jwtPath)).isEqualTo(hubPath);
    }
}
