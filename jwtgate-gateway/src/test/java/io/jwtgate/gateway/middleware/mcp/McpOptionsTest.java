package io.jwtgate.gateway.middleware.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jwtgate.gateway.config.ConfigNode;
import io.jwtgate.jwt.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Option validation of plugin.mcp: what is refused (the router then answers 503), with the key path and the reason. */
class McpOptionsTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String META = "resourceMetadata: {resource: 'https://api.example.com/mcp', authorizationServers: ['https://idp.example.com']}";

    static McpOptions parse(String yaml, List<String> warnings) throws Exception {
        return McpOptions.parse(new ConfigNode(YAML.readTree(yaml), "dynamic.yml", "http.middlewares.m.plugin.mcp"), warnings::add);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no resourceMetadata         | '{policies: []}'                                                                                           | resourceMetadata                    | is required
            no resource                 | '{resourceMetadata: {authorizationServers: [https://idp.example.com]}}'                                     | resourceMetadata.resource           | is required
            plain http resource         | '{resourceMetadata: {resource: http://api.example.com/mcp, authorizationServers: [https://idp.example.com]}}' | resourceMetadata.resource         | plain http
            resource with a fragment    | '{resourceMetadata: {resource: "https://api.example.com/mcp#x", authorizationServers: [https://idp.example.com]}}' | resourceMetadata.resource    | fragment
            resource with a query       | '{resourceMetadata: {resource: "https://api.example.com/mcp?a=1", authorizationServers: [https://idp.example.com]}}' | resourceMetadata.resource  | query
            relative resource           | '{resourceMetadata: {resource: /mcp, authorizationServers: [https://idp.example.com]}}'                     | resourceMetadata.resource           | absolute https
            resource with a quote       | '{resourceMetadata: {resource: "https://api.example.com/a\\"b", authorizationServers: [https://idp.example.com]}}' | resourceMetadata.resource    | not a URL
            no authorization server     | '{resourceMetadata: {resource: https://api.example.com/mcp}}'                                               | resourceMetadata.authorizationServers | is required
            http authorization server   | '{resourceMetadata: {resource: https://api.example.com/mcp, authorizationServers: [http://idp.example.com]}}' | resourceMetadata.authorizationServers[0] | plain http
            bad bearer method           | '{resourceMetadata: {resource: https://api.example.com/mcp, authorizationServers: [https://idp.example.com], bearerMethodsSupported: [cookie]}}' | resourceMetadata.bearerMethodsSupported | not a bearer method
            policy without match        | '{POLICIES: [{action: allow}]}'                                                                            | policies[0].match                    | is required
            policy without action       | '{POLICIES: [{match: "Equals(`mcp.method`, `ping`)"}]}'                                                     | policies[0].action                   | is required
            unknown action              | '{POLICIES: [{match: "Equals(`mcp.method`, `ping`)", action: maybe}]}'                                      | policies[0].action                   | not an action
            unknown function            | '{POLICIES: [{match: "NotEquals(`mcp.method`, `ping`)", action: deny}]}'                                    | policies[0].match                    | unknown function
            unknown namespace           | '{POLICIES: [{match: "Equals(`method`, `ping`)", action: deny}]}'                                           | policies[0].match                    | not a value of a call
            mcp.method with a key       | '{POLICIES: [{match: "Equals(`mcp.method.x`, `ping`)", action: deny}]}'                                     | policies[0].match                    | not a value of a call
            bare jwt                    | '{POLICIES: [{match: "Equals(`jwt`, `x`)", action: deny}]}'                                                 | policies[0].match                    | not a value of a call
            unterminated interpolation  | '{POLICIES: [{match: "Equals(`jwt.sub`, `${mcp.params.name`)", action: deny}]}'                             | policies[0].match                    | without a closing
            interpolation elsewhere     | '{POLICIES: [{match: "Equals(`jwt.sub`, `${env.HOME}`)", action: deny}]}'                                   | policies[0].match                    | does not name a value
            a bound that is no number   | '{POLICIES: [{match: "Lte(`mcp.params.arguments.n`, `ten`)", action: deny}]}'                               | policies[0].match                    | is not a number
            an unquoted number          | '{POLICIES: [{match: "Lte(`mcp.params.arguments.n`, 10)", action: deny}]}'                                  | policies[0].match                    | must be a quoted string
            empty separator             | '{POLICIES: [{match: "SplitContains(`jwt.roles`, ``, `a`)", action: deny}]}'                                | policies[0].match                    | separator
            wrong arity                 | '{POLICIES: [{match: "Equals(`jwt.sub`)", action: deny}]}'                                                  | policies[0].match                    | takes 2 arguments
            bad defaultAction           | '{POLICIES: [], defaultAction: block}'                                                                     | defaultAction                        | not an action
            scope with a space          | '{POLICIES: [], requiredScopes: ["a b"]}'                                                                  | requiredScopes[0]                    | not a scope
            scope with a quote          | '{POLICIES: [{match: "Equals(`jwt.sub`, `a`)", action: allow, requiredScopes: ["a\\"b"]}]}'                  | policies[0].requiredScopes[0]        | not a scope
            implied scope key           | '{POLICIES: [], impliedScopes: {"a b": [c]}}'                                                              | impliedScopes.a b                    | not a scope
            zero body limit             | '{POLICIES: [], maxRequestBodySize: 0}'                                                                    | maxRequestBodySize                   | at least 1 byte
            """)
    void invalidOptionsAreRefusedWithTheirPath(String desc, String yaml, String path, String problem) {
        String options = yaml.replace("{POLICIES:", "{" + META + ", policies:");
        assertThatThrownBy(() -> parse(options, new ArrayList<>())).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.keyPath()).isEqualTo("http.middlewares.m.plugin.mcp." + path);
            assertThat(e.getMessage()).contains(problem);
        });
    }

    @Test
    void defaultsAndWarnings() throws Exception {
        List<String> warnings = new ArrayList<>();
        McpOptions o = parse("{" + META + ", polices: [], requiredScopes: [mcp, offline_access]}", warnings);
        assertThat(o.policies().defaultAction()).isEqualTo(McpPolicies.Action.DENY);
        assertThat(o.maxRequestBodySize()).isEqualTo(1 << 20);
        assertThat(o.gracefulErrors()).isFalse();
        assertThat(o.policies().routeScopes()).containsExactly("mcp");
        assertThat(o.resource().bearerMethodsSupported()).containsExactly("header");
        assertThat(o.resource().metadataUrl()).isEqualTo("https://api.example.com/.well-known/oauth-protected-resource/mcp");
        assertThat(warnings).anyMatch(w -> w.contains("polices") && w.contains("did you mean 'policies'"))
                .anyMatch(w -> w.contains("offline_access is ignored"));
        McpOptions loopback = parse("{resourceMetadata: {resource: 'http://127.0.0.1:8080/', authorizationServers: ['http://localhost:9000/realms/x']}}",
                warnings);
        assertThat(loopback.resource().metadataUrl()).isEqualTo("http://127.0.0.1:8080/.well-known/oauth-protected-resource");
        assertThat(loopback.resource().metadataPaths()).contains("/.well-known/oauth-protected-resource");
    }
}
