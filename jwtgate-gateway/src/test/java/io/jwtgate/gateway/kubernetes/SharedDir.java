package io.jwtgate.gateway.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's shared directory (seed manifests): system property {@code jwtgate.shared.dir}, env
 * {@code JWTGATE_SHARED_DIR}, then {@code ../../shared} from the module (CI clones the repository
 * with {@code shared/} beside the clone), then {@code ../shared}.
 */
final class SharedDir {

    private SharedDir() {}

    static Path resolve(String relative) {
        List<Path> candidates = new ArrayList<>();
        String prop = System.getProperty("jwtgate.shared.dir");
        if (prop != null) {
            candidates.add(Path.of(prop));
        }
        String env = System.getenv("JWTGATE_SHARED_DIR");
        if (env != null) {
            candidates.add(Path.of(env));
        }
        candidates.add(Path.of("..", "..", "shared"));
        candidates.add(Path.of("..", "shared"));
        for (Path c : candidates) {
            Path p = c.resolve(relative);
            if (Files.exists(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new AssertionError("shared data " + relative + " not found in " + candidates + " (set -Djwtgate.shared.dir or JWTGATE_SHARED_DIR)");
    }

    static Path seed() {
        return resolve("examples/seed");
    }
}
