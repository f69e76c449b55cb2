package dev.dicenet.aparapi;

/**
 * A kernel ran (or would have run) as Java threads instead of OpenCL: Aparapi's silent fallback, made
 * loud. The message names the op, the device and Aparapi's reason.
 */
public final class OpenCLFallbackException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public OpenCLFallbackException(String message) {
        super(message);
    }
}
