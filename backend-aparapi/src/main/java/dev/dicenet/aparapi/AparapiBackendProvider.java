package dev.dicenet.aparapi;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.BackendProvider;

/**
 * Registers the {@link AparapiBackend}. This class never touches Aparapi itself, so it loads without
 * an OpenCL library; {@link #availability()} reports a missing library or device as a reason, never as
 * an {@link UnsatisfiedLinkError}. Rank: above the vector backend when the chosen device is a GPU,
 * below it on a CPU OpenCL device (POCL), where the vector backend is faster.
 */
public final class AparapiBackendProvider implements BackendProvider {
    /** {@code -Ddicenet.opencl.disable=true} makes the backend unavailable (and loads no native code). */
    public static final String DISABLE_PROPERTY = "dicenet.opencl.disable";

    @Override
    public String name() {
        return AparapiBackend.NAME;
    }

    @Override
    public int rank() {
        try {
            return !Boolean.getBoolean(DISABLE_PROPERTY) && OpenCLProbe.result().gpu ? 200 : 50;
        } catch (LinkageError | RuntimeException e) {
            return 50;
        }
    }

    @Override
    public Availability availability() {
        if (Boolean.getBoolean(DISABLE_PROPERTY)) {
            return Availability.unavailable("disabled by -D" + DISABLE_PROPERTY + "=true");
        }
        try {
            return OpenCLProbe.result().availability;
        } catch (LinkageError e) {
            return Availability.unavailable("Aparapi could not be loaded: " + e + ". " + OpenCLProbe.NO_LIBRARY);
        } catch (RuntimeException e) {
            return Availability.unavailable("probing OpenCL failed: " + e);
        }
    }

    @Override
    public Backend create() {
        return AparapiBackend.create();
    }
}
