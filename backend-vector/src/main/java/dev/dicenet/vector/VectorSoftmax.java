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

    void softmax(float[] x, float[] y, int n, int k, int m) {
        pixels(n, m, (obs, from, to) -> {
            int base = obs * k * m;
            for (int px = from; px < to; px += LANES) {
                VectorMask<Float> mask = F.indexInRange(px, to);
                FloatVector max = FloatVector.fromArray(F, x, base + px, mask);
                for (int c = 1; c < k; c++) {
                    max = max.max(FloatVector.fromArray(F, x, base + c * m + px, mask));
                }
                FloatVector sum = FloatVector.zero(F);
                for (int c = 0; c < k; c++) {
                    FloatVector e = FloatVector.fromArray(F, x, base + c * m + px, mask).sub(max)
                            .lanewise(VectorOperators.EXP);
                    e.intoArray(y, base + c * m + px, mask);
                    sum = sum.add(e);
                }
                FloatVector inv = FloatVector.broadcast(F, 1f).div(sum);
                for (int c = 0; c < k; c++) {
                    FloatVector.fromArray(F, y, base + c * m + px, mask).mul(inv).intoArray(y, base + c * m + px, mask);
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
