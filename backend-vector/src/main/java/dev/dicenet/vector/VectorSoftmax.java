package dev.dicenet.vector;

import static dev.dicenet.vector.VectorShape.F;
import static dev.dicenet.vector.VectorShape.I;
import static dev.dicenet.vector.VectorShape.LANES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Per-pixel channel ops on [N, K, M] tensors, vectorized across pixels: softmax (shifted by the
 * channel maximum, exp from the Vector API), its backward, and argmax.
 */
final class VectorSoftmax {
    private final Parallel parallel;

    VectorSoftmax(Parallel parallel) {
        this.parallel = parallel;
    }

    /** Tasks: (observation, pixel block); body gets the observation and the pixel range. */
    interface PixelBody {
        void run(int obs, int from, int to);
    }

    void pixels(int n, int m, PixelBody body) {
        int block = Math.max(LANES, VectorShape.padded(Math.max(1, (m + 7) / 8)));
        int blocks = (m + block - 1) / block;
        parallel.forEach(n * blocks, t -> {
            int obs = t / blocks;
            int from = (t % blocks) * block;
            body.run(obs, from, Math.min(m, from + block));
        });
    }

    /** Pixels per sub-block of softmax: K channels of them stay in L1 across its three passes. */
    private static final int SUB = 1024;

    /**
     * Max and normalization are vectorized; the exponentials are scalar Math.exp, which HotSpot computes
     * with the same routine interpreted or compiled. (lanewise(EXP) is implementation-defined: the
     * iterations before C2 compiles a method could differ in the last bit, breaking repeatability.)
     */
    void softmax(float[] x, float[] y, int n, int k, int m) {
        pixels(n, m, (obs, from, to) -> {
            int base = obs * k * m;
            for (int s0 = from; s0 < to; s0 += SUB) {
                int s1 = Math.min(to, s0 + SUB);
                for (int px = s0; px < s1; px += LANES) { // y = x - max over channels
                    VectorMask<Float> mask = F.indexInRange(px, s1);
                    FloatVector max = FloatVector.fromArray(F, x, base + px, mask);
                    for (int c = 1; c < k; c++) {
                        max = max.max(FloatVector.fromArray(F, x, base + c * m + px, mask));
                    }
                    for (int c = 0; c < k; c++) {
                        FloatVector.fromArray(F, x, base + c * m + px, mask).sub(max).intoArray(y, base + c * m + px, mask);
                    }
                }
                for (int c = 0; c < k; c++) {
                    for (int i = base + c * m + s0; i < base + c * m + s1; i++) {
                        y[i] = (float) Math.exp(y[i]);
                    }
                }
                for (int px = s0; px < s1; px += LANES) { // normalize
                    VectorMask<Float> mask = F.indexInRange(px, s1);
                    FloatVector sum = FloatVector.zero(F);
                    for (int c = 0; c < k; c++) {
                        sum = sum.add(FloatVector.fromArray(F, y, base + c * m + px, mask));
                    }
                    FloatVector inv = FloatVector.broadcast(F, 1f).div(sum);
                    for (int c = 0; c < k; c++) {
                        FloatVector.fromArray(F, y, base + c * m + px, mask).mul(inv).intoArray(y, base + c * m + px, mask);
                    }
                }
            }
        });
    }

    void softmaxBackward(float[] y, float[] dy, float[] dx, int n, int k, int m) {
        pixels(n, m, (obs, from, to) -> {
            int base = obs * k * m;
            for (int px = from; px < to; px += LANES) {
                VectorMask<Float> mask = F.indexInRange(px, to);
                FloatVector dot = FloatVector.zero(F);
                for (int c = 0; c < k; c++) {
                    dot = FloatVector.fromArray(F, y, base + c * m + px, mask)
                            .fma(FloatVector.fromArray(F, dy, base + c * m + px, mask), dot);
                }
                for (int c = 0; c < k; c++) {
                    int o = base + c * m + px;
                    FloatVector.fromArray(F, dy, o, mask).sub(dot).mul(FloatVector.fromArray(F, y, o, mask))
                            .intoArray(dx, o, mask);
                }
            }
        });
    }

    void argmax(float[] s, int[] labels, int n, int k, int m) {
        pixels(n, m, (obs, from, to) -> {
            int base = obs * k * m;
            for (int px = from; px < to; px += LANES) {
                VectorMask<Float> mask = F.indexInRange(px, to);
                FloatVector best = FloatVector.fromArray(F, s, base + px, mask);
                IntVector arg = IntVector.zero(I);
                for (int c = 1; c < k; c++) {
                    FloatVector v = FloatVector.fromArray(F, s, base + c * m + px, mask);
                    VectorMask<Float> better = v.compare(VectorOperators.GT, best); // first wins ties
                    best = best.blend(v, better);
                    arg = arg.blend(c, better.cast(I));
                }
                arg.intoArray(labels, obs * m + px, mask.cast(I));
            }
        });
    }
}
