package dev.dicenet.aparapi;

import org.junit.jupiter.api.Assumptions;

/**
 * One backend for the whole test JVM: one OpenCL context and one kernel compilation. Without an
 * OpenCL driver the tests fail, unless -Ddicenet.requireOpenCL=false, which skips them with the reason.
 */
final class SharedBackend {
    private static AparapiBackend backend;

    private SharedBackend() {
    }

    static synchronized AparapiBackend get() {
        if (backend == null) {
            var availability = new AparapiBackendProvider().availability();
            if (!availability.isAvailable()) {
                if (!FallbackPolicy.required()) {
                    Assumptions.abort("OpenCL backend unavailable and not required: " + availability.reason());
                }
                throw new IllegalStateException("the OpenCL backend is required (-D" + FallbackPolicy.REQUIRE_PROPERTY
                        + "=true) but unavailable: " + availability.reason() + ". Install an OpenCL driver, or run"
                        + " the suite with -D" + FallbackPolicy.REQUIRE_PROPERTY + "=false to skip these tests");
            }
            backend = AparapiBackend.create();
        }
        return backend;
    }
}
