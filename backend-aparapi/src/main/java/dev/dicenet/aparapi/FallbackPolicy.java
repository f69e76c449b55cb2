package dev.dicenet.aparapi;

/**
 * What happens when Aparapi runs a kernel as Java threads instead of OpenCL. By default it is an
 * error. {@code -Ddicenet.opencl.allowJavaFallback=true} accepts it with one warning, but only when
 * the fallback happens before any data is on the device (later, the device copies would be lost).
 * {@code -Ddicenet.requireOpenCL=true} (set in CI) forbids it in every case.
 */
final class FallbackPolicy {
    static final String ALLOW_PROPERTY = "dicenet.opencl.allowJavaFallback";
    static final String REQUIRE_PROPERTY = "dicenet.requireOpenCL";

    private boolean javaMode;

    static boolean required() {
        return Boolean.getBoolean(REQUIRE_PROPERTY);
    }

    static boolean allowed() {
        return Boolean.getBoolean(ALLOW_PROPERTY) && !required();
    }

    /** Whether every execution so far has been Java threads (an accepted fallback at the start). */
    boolean javaMode() {
        return javaMode;
    }

    /**
     * Called after an execution that did not run as OpenCL. Throws unless the fallback is allowed and
     * no device data exists yet; warns once when it is accepted.
     */
    void onJavaExecution(String kernelName, String op, String device, String reason, boolean deviceDataExists) {
        if (javaMode) {
            return;
        }
        String what = "aparapi backend: kernel " + kernelName + " (op '" + op + "') ran as Java threads, not as OpenCL on "
                + device + ". Aparapi's reason: " + reason + ". ";
        if (required()) {
            throw new OpenCLFallbackException(what + "-D" + REQUIRE_PROPERTY + "=true forbids any non-OpenCL execution");
        }
        if (!allowed()) {
            throw new OpenCLFallbackException(what + "Set -D" + ALLOW_PROPERTY
                    + "=true to accept the (much slower) Java execution, or choose another backend");
        }
        if (deviceDataExists) {
            throw new OpenCLFallbackException(what + "Tensors were already on the device; their device copies are lost");
        }
        javaMode = true;
        System.err.println("dicenet: WARNING: " + what + "Continuing in Java threads because -D" + ALLOW_PROPERTY
                + "=true (this warning is printed once)");
    }
}
