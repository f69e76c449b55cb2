package dev.dicenet.tensor;

/**
 * Service-provider interface through which {@link Backends} finds backends
 * ({@code META-INF/services/dev.dicenet.tensor.BackendProvider}). A provider must be cheap to
 * construct and must not fail at class loading when its backend cannot run: it says so through
 * {@link #availability()}.
 */
public interface BackendProvider {
    /** The name users choose it by (system property {@code dicenet.backend}). */
    String name();

    /** Higher wins when no backend is named. The reference backend has rank 0. */
    int rank();

    /** Whether the backend can run in this JVM, and why not. */
    Availability availability();

    /** A new backend instance; only called when available. */
    Backend create();

    /** Can it run here, and if not, the reason a user can act on. */
    final class Availability {
        private final boolean available;
        private final String reason;

        private Availability(boolean available, String reason) {
            this.available = available;
            this.reason = reason;
        }

        public static Availability available(String detail) {
            return new Availability(true, detail);
        }

        public static Availability unavailable(String reason) {
            return new Availability(false, reason);
        }

        public boolean isAvailable() {
            return available;
        }

        /** Why it is unavailable, or details of the available backend. */
        public String reason() {
            return reason;
        }
    }
}
