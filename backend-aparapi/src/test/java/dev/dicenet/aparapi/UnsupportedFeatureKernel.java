package dev.dicenet.aparapi;

import com.aparapi.Kernel;

/**
 * A kernel Aparapi cannot translate to OpenCL (it reads an object field), so Aparapi silently runs it
 * as Java threads: the case the backend must turn into an error.
 */
public final class UnsupportedFeatureKernel extends Kernel {
    final float[] out = new float[64];
    final StringBuilder notAnArray = new StringBuilder("x");

    @Override
    public void run() {
        int i = getGlobalId();
        out[i] = notAnArray.length() + i;
    }
}
