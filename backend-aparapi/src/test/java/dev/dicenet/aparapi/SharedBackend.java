package dev.dicenet.aparapi;

/** One backend for the whole test JVM: one OpenCL context and one kernel compilation. */
final class SharedBackend {
    private static AparapiBackend backend;

    private SharedBackend() {
    }

    static synchronized AparapiBackend get() {
        if (backend == null) {
            backend = AparapiBackend.create();
        }
        return backend;
    }
}
