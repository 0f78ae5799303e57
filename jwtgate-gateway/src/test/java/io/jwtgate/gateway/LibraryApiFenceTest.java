package io.jwtgate.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jwtgate.expr.Expr;
import io.jwtgate.jwt.JwtAuthenticator;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The gateway uses the JWT and expression libraries only through the packages their
 * {@code module-info.java} exports. The gateway runs on the class path, where the JVM does not
 * enforce module exports, so this test does: it reads the exports from the libraries' compiled
 * module descriptors and every reference to a library type in the gateway's sources (imports and
 * fully qualified names).
 */
class LibraryApiFenceTest {

    private static final Pattern LIBRARY_TYPE = Pattern.compile("\\b(io\\.jwtgate\\.(?:jwt|expr)(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");

    @Test
    void theGatewayReferencesOnlyExportedLibraryPackages() throws Exception {
        Set<String> exported = new TreeSet<>();
        exported.addAll(exports(JwtAuthenticator.class));
        exported.addAll(exports(Expr.class));
        assertThat(exported).contains("io.jwtgate.jwt", "io.jwtgate.expr").doesNotContain("io.jwtgate.jwt.keys", "io.jwtgate.jwt.token");

        Set<String> violations = new TreeSet<>();
        Path src = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = LIBRARY_TYPE.matcher(Files.readString(file));
                while (m.find()) {
                    if (!exported.contains(m.group(1))) {
                        violations.add(src.relativize(file) + " uses " + m.group(1));
                    }
                }
            }
        }
        assertThat(violations).as("references to packages the libraries do not export (" + exported + ")").isEmpty();
    }

    /** The unqualified exports of the module descriptor in the jar (or classes folder) that holds this class. */
    private static Set<String> exports(Class<?> anyLibraryClass) throws Exception {
        Path location = Path.of(anyLibraryClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor descriptor = ModuleFinder.of(location).findAll().iterator().next().descriptor();
        assertThat(descriptor.isAutomatic()).as(location + " has a module-info.class").isFalse();
        return descriptor.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    }
}
