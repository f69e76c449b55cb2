package dev.dicenet.vector;

/**
 * Scratch arrays reused across calls, so that steady-state steps allocate nothing: per-thread
 * float buffers (grown on demand) and per-task double partials for deterministic reductions.
 */
final class Workspace {
    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[4][0]);

    private double[] partials = new double[0];

    private Workspace() {
    }

    static Workspace create() {
        return new Workspace();
    }

    /** This thread's scratch buffer {@code slot} (0-3) with at least {@code size} floats; contents undefined. */
    static float[] buffer(int slot, int size) {
        float[][] b = BUFFERS.get();
        if (b[slot].length < size) {
            b[slot] = new float[size];
        }
        return b[slot];
    }

    /** A zeroed array of {@code tasks * width} doubles, one row of partial sums per task. */
    double[] partials(int tasks, int width) {
        int n = tasks * width;
        if (partials.length < n) {
            partials = new double[n];
        }
        java.util.Arrays.fill(partials, 0, n, 0);
        return partials;
    }
}
