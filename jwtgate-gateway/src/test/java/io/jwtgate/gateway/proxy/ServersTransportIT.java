package io.jwtgate.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.runtime.TlsCertificates.PemPair;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.Closing;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.TempDirs;
import io.jwtgate.gateway.support.TestCa;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Named {@code http.serversTransports} through a running gateway, against real HTTPS backends
 * whose certificates a test CA signed: trust (JDK CAs, rootCAs inline and as a file,
 * insecureSkipVerify), serverName, peerCertSANs, client certificates for a backend that requires
 * them, disableHTTP2, TLS versions, a per-transport responseHeaderTimeout, and a missing transport.
 */
class ServersTransportIT {

    @RegisterExtension
    static final Closing closing = new Closing();

    static final TestCa CA = new TestCa("jwtgate test CA");
    static final TestCa OTHER_CA = new TestCa("another CA");
    static final PemPair SERVER = CA.issue("backend", "dns:backend.internal", "ip:127.0.0.1", "uri:spiffe://example.org/backend");
    static final PemPair CLIENT = CA.issue("gateway-client");
    static TestGateway gw;

    /** Answers with the protocol the gateway used and the client certificate it presented. */
    static final Handler<HttpServerRequest> DESCRIBE = request -> {
        String client;
        try {
            client = request.connection().peerCertificates().getFirst().toString().contains("CN=gateway-client") ? "gateway-client" : "other";
        } catch (SSLPeerUnverifiedException | RuntimeException e) {
            client = "none";
        }
        String answer = "version=" + request.version() + " client=" + client;
        if (request.path().startsWith("/slow")) {
            Backend.vertx().setTimer(1_000, id -> request.response().end(answer));
        } else {
            request.response().end(answer);
        }
    };

    static HttpServerOptions tls() {
        return new HttpServerOptions().setSsl(true).setUseAlpn(true).setKeyCertOptions(new PemKeyCertOptions()
                .addCertValue(Buffer.buffer(SERVER.certificatePem())).addKeyValue(Buffer.buffer(SERVER.keyPem())));
    }

    @BeforeAll
    static void start() throws Exception {
        Backend https = closing.add(Backend.start(tls(), DESCRIBE, null));
        Backend mutual = closing.add(Backend.start(tls().setClientAuth(ClientAuth.REQUIRED)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(CA.certificatePem()))), DESCRIBE, null));
        Backend tls12 = closing.add(Backend.start(tls().setEnabledSecureTransportProtocols(Set.of("TLSv1.2")), DESCRIBE, null));
        Path dir = TempDirs.create("servers-transport");
        Files.writeString(dir.resolve("ca.pem"), CA.certificatePem());
        Files.writeString(dir.resolve("client.pem"), CLIENT.certificatePem());
        Files.writeString(dir.resolve("client-key.pem"), CLIENT.keyPem());
        Files.writeString(dir.resolve("garbage-key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        String ca = CA.certificatePem().replace("\n", "\\n");
        String other = OTHER_CA.certificatePem().replace("\n", "\\n");
        StringBuilder yaml = new StringBuilder("http:\n  serversTransports:\n");
        yaml.append("""
                    insecure: {insecureSkipVerify: true}
                    inline: {rootCAs: ["%1$s"]}
                    file: {rootCAs: ["%3$s"]}
                    wrongca: {rootCAs: ["%2$s"]}
                    named: {rootCAs: ["%1$s"], serverName: backend.internal}
                    misnamed: {rootCAs: ["%1$s"], serverName: other.internal}
                    spiffe: {rootCAs: ["%1$s"], peerCertSANs: [{type: URI, value: "spiffe://example.org/backend"}]}
                    wrongspiffe: {rootCAs: ["%1$s"], peerCertSANs: [{type: URI, value: "spiffe://example.org/other"}]}
                    dnssan: {rootCAs: ["%1$s"], peerCertSANs: [{type: DNSName, value: backend.internal}]}
                    insecurespiffe: {insecureSkipVerify: true, peerCertSANs: [{type: URI, value: "spiffe://example.org/backend"}]}
                    mtls: {rootCAs: ["%1$s"], certificates: [{certFile: "%4$s", keyFile: "%5$s"}]}
                    h1: {rootCAs: ["%1$s"], disableHTTP2: true}
                    tls13: {rootCAs: ["%1$s"], minVersion: VersionTLS13}
                    upto12: {rootCAs: ["%1$s"], maxVersion: VersionTLS12}
                    impatient: {rootCAs: ["%1$s"], forwardingTimeouts: {responseHeaderTimeout: 200ms}}
                    unreadable: {rootCAs: [no-such-dir/ca.pem]}
                    badkey: {rootCAs: ["%1$s"], certificates: [{certFile: "%4$s", keyFile: "%6$s"}]}
                """.formatted(ca, other, dir.resolve("ca.pem"), dir.resolve("client.pem"), dir.resolve("client-key.pem"),
                dir.resolve("garbage-key.pem")));
        yaml.append("  routers:\n");
        yaml.append("  services:\n");
        String[][] services = {
                {"default", null, url(https)}, {"insecure", "insecure", url(https)}, {"inline", "inline", url(https)},
                {"file", "file", url(https)}, {"wrongca", "wrongca", url(https)}, {"named", "named", url(https)},
                {"misnamed", "misnamed", url(https)}, {"spiffe", "spiffe", url(https)}, {"wrongspiffe", "wrongspiffe", url(https)},
                {"dnssan", "dnssan", url(https)}, {"insecurespiffe", "insecurespiffe", url(https)},
                {"mtls-none", "inline", url(mutual)}, {"mtls", "mtls", url(mutual)}, {"h2", "inline", url(https)},
                {"h1", "h1", url(https)}, {"tls13", "tls13", url(tls12)}, {"upto12", "upto12", url(https)},
                {"slow", "impatient", url(https)}, {"slow-default", "inline", url(https)}, {"missing", "nope", url(https)},
                {"internal", "default@internal", url(https)}, {"unreadable", "unreadable", url(https)},
                {"badkey", "badkey", url(mutual)},
        };
        StringBuilder routers = new StringBuilder();
        StringBuilder svc = new StringBuilder();
        for (String[] s : services) {
            routers.append("    ").append(s[0]).append(": {rule: \"PathPrefix(`/").append(s[0]).append("/`)\", service: ").append(s[0]).append("}\n");
            svc.append("    ").append(s[0]).append(": {loadBalancer: {servers: [{url: \"").append(s[2]).append("\"}]")
                    .append(s[1] == null ? "" : ", serversTransport: " + s[1]).append("}}\n");
        }
        String config = yaml.toString().replace("  routers:\n  services:\n", "  routers:\n" + routers + "  services:\n" + svc);
        gw = closing.add(TestGateway.withDynamic(config));
    }

    static String url(Backend b) {
        return "https://127.0.0.1:" + b.port();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "default        | 502 | the static transport trusts the JDK's CAs only",
            "insecure       | 200 | insecureSkipVerify",
            "inline         | 200 | rootCAs as inline PEM",
            "file           | 200 | rootCAs as a file",
            "wrongca        | 502 | rootCAs of another CA",
            "named          | 200 | serverName that the certificate names",
            "misnamed       | 502 | serverName that the certificate does not name",
            "spiffe         | 200 | peerCertSANs URI the certificate carries",
            "wrongspiffe    | 502 | peerCertSANs URI the certificate does not carry",
            "dnssan         | 200 | peerCertSANs DNSName",
            "insecurespiffe | 502 | peerCertSANs with insecureSkipVerify still verify the chain (against the JDK's CAs here)",
            "mtls-none      | 502 | a backend requiring a client certificate, none presented",
            "mtls           | 200 | certificates: the client certificate is presented",
            "tls13          | 502 | minVersion VersionTLS13 against a TLS 1.2 backend",
            "upto12         | 200 | maxVersion VersionTLS12",
            "slow           | 504 | forwardingTimeouts.responseHeaderTimeout of the transport",
            "slow-default   | 200 | the same backend through a transport without the timeout",
            "missing        | 503 | a transport that does not exist disables the service",
            "internal       | 502 | default@internal names the static transport",
            "unreadable     | 503 | a rootCAs file that cannot be read disables the service",
            "badkey         | 503 | a client key that does not parse disables the service",
    })
    void aServiceReachesItsBackendThroughItsTransport(String service, int status, String why) throws Exception {
        HttpResponse<String> r = Http.get(gw.url("/" + service + "/x"));
        assertThat(r.statusCode()).as(why + ": " + r.body()).isEqualTo(status);
    }

    @Test
    void clientCertificatesAreShownToTheBackend() throws Exception {
        assertThat(Http.get(gw.url("/mtls/x")).body()).contains("client=gateway-client");
        assertThat(Http.get(gw.url("/inline/x")).body()).contains("client=none");
    }

    @Test
    void disableHttp2KeepsHttpsBackendsOnHttp11() throws Exception {
        assertThat(Http.get(gw.url("/h2/x")).body()).contains("version=" + HttpVersion.HTTP_2);
        assertThat(Http.get(gw.url("/h1/x")).body()).contains("version=" + HttpVersion.HTTP_1_1);
    }

    @Test
    void aMissingTransportIsReportedWithItsName() {
        List<String> problems = gw.gateway().problems();
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("http.services.missing.loadBalancer.serversTransport")
                .contains("servers transport 'nope@file' does not exist"));
        assertThat(problems).noneSatisfy(p -> assertThat(p).contains("default@internal"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("servers transport 'unreadable@file': cannot read")
                .contains("no-such-dir/ca.pem").contains("relative paths start at the file that declares it"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("servers transport 'badkey@file': a client certificate cannot be used")
                .contains("a private key block does not parse"));
    }
}
