package io.jwtgate.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.gateway.config.statics.IoTransportChoice;
import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.TestGateway;
import io.vertx.core.transport.Transport;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each I/O transport carries the proxy path (client connection, router, backend connection of the
 * gateway's own pool) when chosen explicitly; {@code auto} runs on the best one this machine allows.
 */
class IoTransportIT {

    @ParameterizedTest
    @CsvSource({"auto", "io_uring", "epoll", "nio"})
    void theChosenTransportProxies(String choice) throws Exception {
        IoTransportChoice expected = switch (choice) {
            case "auto" -> Transport.IO_URING.available() ? IoTransportChoice.IO_URING
                    : Transport.EPOLL.available() ? IoTransportChoice.EPOLL : IoTransportChoice.NIO;
            case "io_uring" -> IoTransportChoice.IO_URING;
            case "epoll" -> IoTransportChoice.EPOLL;
            default -> IoTransportChoice.NIO;
        };
        Assumptions.assumeTrue(choice.equals("auto") || choice.equals("nio") || IoTransports.vertxTransport(expected).available(),
                () -> choice + " is not available on this machine");
        try (Backend backend = Backend.echo("a");
             TestGateway gw = TestGateway.builder().staticYaml("ioTransport: " + choice).proxyingTo(backend.url());
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            assertThat(gw.gateway().ioTransport()).isEqualTo(expected);
            for (int i = 0; i < 3; i++) { // the second and third reuse the backend connection
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(gw.url("/t" + i)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).contains("\"uri\":\"/t" + i + "\"");
            }
        }
    }
}
