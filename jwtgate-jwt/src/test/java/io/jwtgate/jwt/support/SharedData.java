package io.jwtgate.jwt.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Locates the project's shared directory (spec, test vectors): system property {@code jwtgate.shared.dir},
 * env {@code JWTGATE_SHARED_DIR}, then {@code ../../shared} from the module (surefire's working dir,
 * i.e. {@code <clone>/../shared}), then {@code ../shared} from the repository root.
 */
public final class SharedData {

    private SharedData() {}

    public static Path file(String relative) {
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
        for (Path dir : candidates) {
            Path f = dir.resolve(relative);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new AssertionError("shared test data " + relative + " not found in " + candidates
                + " (set -Djwtgate.shared.dir or JWTGATE_SHARED_DIR)");
    }
}
