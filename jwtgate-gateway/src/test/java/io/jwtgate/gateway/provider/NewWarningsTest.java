package io.jwtgate.gateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A provider's warnings are logged when they first appear, not at every reload. */
class NewWarningsTest {

    final List<String> logged = new ArrayList<>();
    final NewWarnings warnings = new NewWarnings(logged::add);

    void load(String... given) {
        try (NewWarnings.Load load = warnings.begin()) {
            for (String w : given) {
                load.accept(w);
            }
        }
    }

    @Test
    void aWarningIsLoggedOnceWhileItLastsAndAgainWhenItComesBack() {
        load("a", "b", "a");
        assertThat(logged).as("the same warning twice in one load: once").containsExactly("a", "b");
        load("a", "b");
        assertThat(logged).as("a reload with the same warnings: nothing new").containsExactly("a", "b");
        load("b", "c");
        assertThat(logged).containsExactly("a", "b", "c");
        load("a", "c");
        assertThat(logged).as("a went away with the previous load and came back").containsExactly("a", "b", "c", "a");
    }

    @Test
    void aLoadThatFailsStillPassesOnWhatItFound() {
        try {
            try (NewWarnings.Load load = warnings.begin()) {
                load.accept("before the failure");
                throw new IllegalStateException("syntax error");
            }
        } catch (IllegalStateException expected) {
            // the provider reports it
        }
        assertThat(logged).containsExactly("before the failure");
    }
}
