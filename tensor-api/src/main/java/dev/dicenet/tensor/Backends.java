package dev.dicenet.tensor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds backends with {@link ServiceLoader} and picks one: the one named by the system property
 * {@value #PROPERTY} or else the environment variable {@value #ENVIRONMENT}, or else the available
 * backend of highest rank. {@link Choice#explanation()} says which was chosen and why each other one
 * was not. Naming an unknown or unavailable backend is an error listing the others.
 */
public final class Backends {
    public static final String PROPERTY = "dicenet.backend";
    public static final String ENVIRONMENT = "DICENET_BACKEND";

    private Backends() {
    }

    /** One discovered backend and whether it can run. */
    public static final class Candidate {
        private final BackendProvider provider;
        private final BackendProvider.Availability availability;

        Candidate(BackendProvider provider) {
            this.provider = provider;
            BackendProvider.Availability a;
            try {
                a = provider.availability();
            } catch (RuntimeException | LinkageError e) {
                a = BackendProvider.Availability.unavailable("availability check failed: " + e);
            }
            this.availability = a;
        }

        public String name() {
            return provider.name();
        }

        public int rank() {
            return provider.rank();
        }

        public boolean isAvailable() {
            return availability.isAvailable();
        }

        public String reason() {
            return availability.reason();
        }

        public Backend create() {
            return provider.create();
        }
    }

    /** The chosen backend and the explanation of the choice. */
    public static final class Choice {
        private final Backend backend;
        private final String explanation;

        Choice(Backend backend, String explanation) {
            this.backend = backend;
            this.explanation = explanation;
        }

        public Backend backend() {
            return backend;
        }

        public String explanation() {
            return explanation;
        }
    }

    /** Every backend on the class path, highest rank first. */
    public static List<Candidate> discover() {
        List<Candidate> all = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            all.add(new Candidate(p));
        }
        all.sort(Comparator.comparingInt(Candidate::rank).reversed());
        return all;
    }

    /** The backend named by the property or environment, or else the best available one. */
    public static Choice choose() {
        String requested = System.getProperty(PROPERTY);
        String source = "system property " + PROPERTY;
        if (requested == null || requested.isBlank()) {
            requested = System.getenv(ENVIRONMENT);
            source = "environment variable " + ENVIRONMENT;
        }
        return requested == null || requested.isBlank() ? chooseBest(discover()) : choose(requested.trim(), source);
    }

    /** The backend called {@code name}; {@code source} says who asked, for the messages. */
    public static Choice choose(String name, String source) {
        List<Candidate> all = discover();
        for (Candidate c : all) {
            if (c.name().equalsIgnoreCase(name)) {
                if (!c.isAvailable()) {
                    throw new IllegalStateException("backend '" + c.name() + "' (" + source + ") is unavailable: "
                            + c.reason() + ". Available: " + names(all, true));
                }
                return new Choice(c.create(), "backend " + c.name() + " chosen by " + source + othersLine(all, c));
            }
        }
        throw new IllegalArgumentException("unknown backend '" + name + "' (" + source + "); known backends: "
                + names(all, false) + ", available: " + names(all, true));
    }

    /** Convenience: {@code choose().backend()}. */
    public static Backend best() {
        return choose().backend();
    }

    private static Choice chooseBest(List<Candidate> all) {
        for (Candidate c : all) {
            if (c.isAvailable()) {
                return new Choice(c.create(), "backend " + c.name() + " chosen as the best available (rank "
                        + c.rank() + ": " + c.reason() + ")" + othersLine(all, c));
            }
        }
        throw new IllegalStateException("no backend is available: " + describe(all));
    }

    private static String othersLine(List<Candidate> all, Candidate chosen) {
        String others = all.stream().filter(c -> c != chosen)
                .map(c -> c.name() + (c.isAvailable() ? " (available, rank " + c.rank() + ")"
                        : " (unavailable: " + c.reason() + ")"))
                .collect(Collectors.joining("; "));
        return others.isEmpty() ? "" : "; not chosen: " + others;
    }

    private static String names(List<Candidate> all, boolean availableOnly) {
        return all.stream().filter(c -> !availableOnly || c.isAvailable()).map(Candidate::name)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** One line per backend: name, rank, availability and reason. */
    public static String describe(List<Candidate> all) {
        return all.stream().map(c -> String.format(Locale.ROOT, "%s (rank %d): %s: %s", c.name(), c.rank(),
                c.isAvailable() ? "available" : "unavailable", c.reason())).collect(Collectors.joining("\n"));
    }
}
