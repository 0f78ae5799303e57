package io.jwtgate.gateway.kubernetes;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The guide's seed manifests, copied unchanged into {@code src/test/resources/examples/seed}: the
 * tests need nothing beside a clone of the repository.
 */
final class SharedDir {

    private SharedDir() {}

    static Path seed() {
        URL url = SharedDir.class.getClassLoader().getResource("examples/seed/01-secret.yaml");
        if (url == null) {
            throw new AssertionError("examples/seed is missing from src/test/resources");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
