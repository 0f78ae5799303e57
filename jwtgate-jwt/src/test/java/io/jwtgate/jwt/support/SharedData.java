package io.jwtgate.jwt.support;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * Test data kept in the repository ({@code src/test/resources/testdata/...}): the tests need
 * nothing beside a clone. The Wycheproof vectors are copied unchanged from C2SP/wycheproof with
 * their licence ({@code testdata/wycheproof/LICENSE}, {@code README.md}).
 */
public final class SharedData {

    private SharedData() {}

    public static Path file(String relative) {
        URL url = SharedData.class.getClassLoader().getResource(relative);
        if (url == null) {
            throw new AssertionError("test data " + relative + " is missing from src/test/resources");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
