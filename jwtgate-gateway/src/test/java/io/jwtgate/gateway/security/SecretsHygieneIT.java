package io.jwtgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.jwtgate.gateway.support.Http;
import io.jwtgate.gateway.support.Jose;
import io.jwtgate.gateway.support.TestGateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Secrets hygiene under attack traffic: with DEBUG logging, no log line (message, arguments,
 * exception), no metric and no response contains a full token, a signature segment or the
 * signing secret; and nothing is logged at ERROR (an unhandled exception is a bug).
 */
class SecretsHygieneIT {

    static final String SECRET = "hygiene-secret-that-must-never-leak-0123456789";

    @Test
    void attackTrafficLeaksNoTokenSignatureOrSecret() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        try (CountingBackend backend = new CountingBackend();
             TestGateway gw = TestGateway.builder()
                     .entryPoint("traefik", "")
                     .staticYaml("""
                     log:
                       level: DEBUG
                     metrics:
                       prometheus: {}
                     """)
                     .start("""
                     http:
                       middlewares:
                         jwt:
                           plugin:
                             jwt:
                               signingSecret: "%s"
                               tokenKey: token
                               forwardHeaders: {X-Sub: sub}
                       routers:
                         api: {rule: PathPrefix(`/api`), entryPoints: [web], service: b, middlewares: [jwt]}
                       services:
                         b: {loadBalancer: {servers: [{url: "%s"}]}}
                     """.formatted(SECRET, backend.url()))) {
            appender.setContext(context);
            appender.start();
            Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            ch.qos.logback.classic.Level level = root.getLevel();
            root.setLevel(ch.qos.logback.classic.Level.DEBUG); // the CLI applies log.level; tests start the Gateway directly
            root.addAppender(appender);
            String hs = "{\"alg\":\"HS256\"}";
            String valid = Jose.hs256(SECRET, hs, "{\"sub\":\"alice\"}");
            List<String> tokens = new ArrayList<>(List.of(
                    valid,
                    Jose.withSignature(valid, new byte[32]),
                    Jose.hs256(SECRET, hs, "{\"exp\":1}"),
                    Jose.hs256("another-secret-of-at-least-32-bytes!!!", hs, "{}"),
                    Jose.hs256(SECRET, "{\"alg\":\"HS256\",\"crit\":[\"x\"]}", "{}"),
                    Jose.hs256(SECRET, hs, "{\"sub\":\"a\\r\\nb\"}"),
                    Jose.hs256(SECRET, hs, "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}"),
                    Jose.hs256(SECRET, "{\"alg\":\"none\"}", "{}"),
                    Jose.es256(Jose.EC, "k", "{}")));
            List<String> responses = new ArrayList<>();
            for (String token : tokens) {
                responses.add(Http.get(gw.url("/api"), "Authorization", "Bearer " + token).body());
                responses.add(Http.get(gw.url("/api?token=" + token)).body());
                HttpResponse<String> bad = Http.get(gw.url("/api"), "Authorization", "Bearer " + token + "x");
                responses.add(bad.body());
            }
            String metrics = Http.get(gw.url("traefik", "/metrics")).body();
            assertThat(metrics).contains("jwtgate_jwt_requests_total");
            Thread.sleep(200); // let asynchronous log events arrive
            root.detachAppender(appender);
            root.setLevel(level);
            List<String> lines = new ArrayList<>();
            for (ILoggingEvent event : appender.list) {
                StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getFormattedMessage());
                for (var t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
                }
                lines.add(line.toString());
            }
            assertThat(lines).as("DEBUG logging captured the denials").anySatisfy(l -> assertThat(l).contains("BAD_SIGNATURE"));
            List<String> everything = new ArrayList<>(lines);
            everything.add(metrics);
            everything.addAll(responses);
            for (String token : tokens) {
                String signature = Jose.signatureOf(token);
                for (String text : everything) {
                    assertThat(text).doesNotContain(token).doesNotContain(SECRET);
                    if (signature.length() >= 16) {
                        assertThat(text).doesNotContain(signature);
                    }
                }
            }
            assertThat(lines).noneSatisfy(l -> assertThat(l).startsWith("ERROR"));
        }
    }
}
