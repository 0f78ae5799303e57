package io.jwtgate.gateway.provider;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A provider's warnings, passed on once: a reload that still has the same unsupported key says nothing
 * new, so the log shows a warning when it first appears (and again only after it went away and came back).
 */
public final class NewWarnings {

    private final Consumer<String> sink;
    private Set<String> previous = Set.of();

    public NewWarnings(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Collects the warnings of one load; {@link Load#close()} passes on those the previous load did not give. */
    public Load begin() {
        return new Load();
    }

    /** The warnings of one load, in order. */
    public final class Load implements Consumer<String>, AutoCloseable {
        private final Set<String> warnings = new LinkedHashSet<>();

        @Override
        public void accept(String warning) {
            warnings.add(warning);
        }

        @Override
        public void close() {
            List<String> fresh = new ArrayList<>();
            synchronized (NewWarnings.this) {
                for (String w : warnings) {
                    if (!previous.contains(w)) {
                        fresh.add(w);
                    }
                }
                previous = Set.copyOf(warnings);
            }
            fresh.forEach(sink);
        }
    }
}
