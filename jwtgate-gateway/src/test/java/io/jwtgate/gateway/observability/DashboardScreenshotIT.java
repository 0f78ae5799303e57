package io.jwtgate.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jwtgate.gateway.support.Backend;
import io.jwtgate.gateway.support.TestGateway;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The admin dashboard in a real browser (headless Chromium from Debian's package, installed by
 * .ci/run): the page loads the API, renders the routers, and the screenshot shows it.
 */
class DashboardScreenshotIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void dashboardRendersRoutersInHeadlessChromium() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) || System.getenv("CI") != null,
                "headless Chromium is not installed here (.ci/run installs it: apt-get install chromium)");
        try (Backend backend = Backend.echo("b");
             TestGateway gw = TestGateway.builder()
                     .entryPoint("traefik", "")
                     .staticYaml("""
                     api: {insecure: true}
                     """)
                     .start("""
                     http:
                       middlewares:
                         invalid:
                           circuitBreaker: {expression: "NetworkErrorRatio() > 1"}
                       routers:
                         orders: {rule: PathPrefix(`/orders`), service: b}
                         broken: {rule: PathPrefix(`/broken`), service: b, middlewares: [invalid]}
                       services:
                         b: {loadBalancer: {servers: [{url: "%s"}]}}
                     """.formatted(backend.url()))) {
            String url = gw.url("traefik", "/dashboard/").toString();
            Path profile = gw.dir().resolve("chromium-profile");
            Path png = gw.dir().resolve("dashboard.png");
            List<String> common = List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--window-size=1280,900");
            String dom = run(concat(common, "--dump-dom", url));
            assertThat(dom).contains("data-loaded=\"true\"").contains("orders@file").contains("broken@file").contains("disabled");
            run(concat(common, "--screenshot=" + png, url));
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).isEqualTo(1280);
            assertThat(image.getHeight()).isEqualTo(900);
            assertThat(distinctColours(image)).as("a rendered page, not a blank one").isGreaterThan(20);
            Files.copy(png, Path.of("target", "dashboard.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
