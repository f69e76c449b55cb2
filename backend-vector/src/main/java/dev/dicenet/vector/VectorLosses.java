package dev.dicenet.vector;

import static dev.dicenet.vector.VectorShape.F;
import static dev.dicenet.vector.VectorShape.I;
import static dev.dicenet.vector.VectorShape.LANES;

import dev.dicenet.tensor.DiceOptions;
import dev.dicenet.tensor.DiceSums;
import dev.dicenet.tensor.LossGradient;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The generalized Dice loss vectorized across pixels: one pass for the sums (the label map gives V
 * and I through lane masks, no one-hot tensor), the shared {@link DiceSums} for the maths, one pass
 * for the gradient, fused with the softmax backward when asked. Sums go through per-block float
 * vectors into per-task double partials, combined in task order.
 */
final class VectorLosses {
    private static final int BLOCKS = 8; // pixel blocks per observation for the sums (fixed: deterministic)

    private final Parallel parallel;
    private final Workspace workspace;
    private final VectorSoftmax pixels;
    private final DiceSums sums = new DiceSums();

    VectorLosses(Parallel parallel, Workspace workspace, VectorSoftmax pixels) {
        this.parallel = parallel;
        this.workspace = workspace;
        this.pixels = pixels;
    }

    double dice(float[] y, int[] t, int n, int k, int m, DiceOptions options, float[] grad, LossGradient target,
                double[] perObservation) {
        boolean pooled = options.reduction() == DiceOptions.Reduction.BATCH;
        boolean squared = options.denominator() == DiceOptions.Denominator.SQUARED;
        int width = 3 * k; // count, intersection, power per class
        double[] partial = workspace.partials(n * BLOCKS, width);
        parallel.forEach(n * BLOCKS, task -> {
            int obs = task / BLOCKS;
            int b = task % BLOCKS;
            int from = (int) ((long) m * b / BLOCKS);
            int to = (int) ((long) m * (b + 1) / BLOCKS);
            sumBlock(y, t, obs, k, m, from, to, squared, partial, task * width);
        });
        sums.reset(pooled ? 1 : n, k);
        for (int task = 0; task < n * BLOCKS; task++) {
            int g = pooled ? 0 : task / BLOCKS;
            for (int c = 0; c < k; c++) {
                sums.addCount(g, c, partial[task * width + c]);
                sums.addIntersection(g, c, partial[task * width + k + c]);
                sums.addPower(g, c, partial[task * width + 2 * k + c]);
            }
        }
        double loss = sums.finish(options, n);
        sums.copyObservationLosses(perObservation, n);
        if (grad != null) {
            pixels.pixels(n, m, (obs, from, to) -> gradientBlock(y, t, obs, k, m, from, to, pooled ? 0 : obs, grad,
                    target == LossGradient.LOGITS));
        }
        return loss;
    }

    private static void sumBlock(float[] y, int[] t, int obs, int k, int m, int from, int to, boolean squared,
                                 double[] partial, int off) {
        int base = obs * k * m;
        float[] lanes = Workspace.buffer(3, LANES);
        for (int c = 0; c < k; c++) {
            FloatVector count = FloatVector.zero(F);
            FloatVector inter = FloatVector.zero(F);
            FloatVector power = FloatVector.zero(F);
            double cnt = 0;
            double in = 0;
            double pw = 0;
            int steps = 0;
            for (int px = from; px < to; px += LANES) {
                VectorMask<Integer> range = I.indexInRange(px, to);
                IntVector l = IntVector.fromArray(I, t, obs * m + px, range);
                VectorMask<Float> defined = l.compare(VectorOperators.GE, 0).and(range).cast(F);
                VectorMask<Float> isC = l.compare(VectorOperators.EQ, c).and(range).cast(F);
                FloatVector v = FloatVector.fromArray(F, y, base + c * m + px, range.cast(F));
                count = count.add(1f, isC);
                inter = inter.add(v, isC);
                power = power.add(squared ? v.mul(v) : v, defined);
                if (++steps == 256) { // keep float partials short, then move them to double
                    count.intoArray(lanes, 0);
                    cnt += VectorShape.sumLanes(lanes);
                    inter.intoArray(lanes, 0);
                    in += VectorShape.sumLanes(lanes);
                    power.intoArray(lanes, 0);
                    pw += VectorShape.sumLanes(lanes);
                    count = FloatVector.zero(F);
                    inter = FloatVector.zero(F);
                    power = FloatVector.zero(F);
                    steps = 0;
                }
            }
            count.intoArray(lanes, 0);
            partial[off + c] = cnt + VectorShape.sumLanes(lanes);
            inter.intoArray(lanes, 0);
            partial[off + k + c] = in + VectorShape.sumLanes(lanes);
            power.intoArray(lanes, 0);
            partial[off + 2 * k + c] = pw + VectorShape.sumLanes(lanes);
        }
    }

    private void gradientBlock(float[] y, int[] t, int obs, int k, int m, int from, int to, int g, float[] grad,
                               boolean logits) {
        int base = obs * k * m;
        for (int px = from; px < to; px += LANES) {
            VectorMask<Integer> range = I.indexInRange(px, to);
            VectorMask<Float> fr = range.cast(F);
            IntVector l = IntVector.fromArray(I, t, obs * m + px, range);
            VectorMask<Float> defined = l.compare(VectorOperators.GE, 0).cast(F);
            FloatVector weighted = FloatVector.zero(F);
            for (int c = 0; c < k; c++) {
                int o = base + c * m + px;
                FloatVector v = FloatVector.fromArray(F, y, o, fr);
                VectorMask<Float> isC = l.compare(VectorOperators.EQ, c).cast(F);
                FloatVector d = v.mul((float) sums.coefY(g, c)).add((float) sums.coefConst(g, c))
                        .add((float) sums.coefT(g, c), isC);
                d = d.blend(0f, defined.not());
                d.intoArray(grad, o, fr);
                weighted = v.fma(d, weighted);
            }
            if (logits) { // dL/dz = y (g - sum_j y_j g_j)
                for (int c = 0; c < k; c++) {
                    int o = base + c * m + px;
                    FloatVector.fromArray(F, grad, o, fr).sub(weighted).mul(FloatVector.fromArray(F, y, o, fr))
                            .intoArray(grad, o, fr);
                }
            }
        }
    }

    /** Weighted cross-entropy (see Backend): sums in double over fixed blocks, then the gradient pass. */
    double crossEntropy(float[] y, int[] t, int n, int k, int m, float[] weights, float[] grad, LossGradient target) {
        double[] partial = workspace.partials(n * BLOCKS, 2);
        parallel.forEach(n * BLOCKS, task -> {
            int obs = task / BLOCKS;
            int b = task % BLOCKS;
            double total = 0;
            double wsum = 0;
            for (int px = (int) ((long) m * b / BLOCKS); px < (int) ((long) m * (b + 1) / BLOCKS); px++) {
                int label = t[obs * m + px];
                if (label < 0) {
                    continue;
                }
                double w = weights == null ? 1 : weights[label];
                float p = y[(obs * k + label) * m + px];
                if (!Float.isFinite(p)) {
                    throw new IllegalArgumentException("cross-entropy loss: input contains " + p
                            + "; expected finite probabilities");
                }
                total -= w * Math.log(Math.max(p, Float.MIN_NORMAL));
                wsum += w;
            }
            partial[2 * task] = total;
            partial[2 * task + 1] = wsum;
        });
        double total = 0;
        double wsum = 0;
        for (int task = 0; task < n * BLOCKS; task++) {
            total += partial[2 * task];
            wsum += partial[2 * task + 1];
        }
        double weightSum = wsum;
        if (grad != null) {
            pixels.pixels(n, m, (obs, from, to) -> {
                for (int px = from; px < to; px++) {
                    int label = t[obs * m + px];
                    double w = label < 0 || weightSum == 0 ? 0 : (weights == null ? 1 : weights[label]) / weightSum;
                    for (int c = 0; c < k; c++) {
                        int i = (obs * k + c) * m + px;
                        if (target == LossGradient.LOGITS) {
                            grad[i] = (float) (w * (y[i] - (label == c ? 1 : 0)));
                        } else {
                            grad[i] = label == c ? (float) (-w / Math.max(y[i], Float.MIN_NORMAL)) : 0f;
                        }
                    }
                }
            });
        }
        return wsum > 0 ? total / wsum : 0;
    }
}
