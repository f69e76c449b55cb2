package dev.dicenet.aparapi;

import dev.dicenet.tensor.DiceOptions;
import dev.dicenet.tensor.DiceSums;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.LossGradient;
import dev.dicenet.tensor.OpChecks;
import dev.dicenet.tensor.Tensor;

/**
 * The loss ops on the device: the labels go up (as floats), one pass sums per observation, class and
 * chunk (in double), the host combines the chunks in order and does the maths of {@link DiceSums} (or
 * the cross-entropy's weighted mean), and a second pass writes the gradient, fused with the softmax
 * backward when the target is the logits. Only the sums come back.
 */
final class DeviceLosses {
    /** Chunks of a loss sum per observation and class: pixels / 2048, at most this many. */
    private static final int MAX_CHUNKS = 256;

    private final DeviceKernel kernel;
    private final Dispatcher dispatcher;
    private final DeviceMemory memory;
    private final Residency residency;
    private final DiceSums diceSums = new DiceSums();

    DeviceLosses(DeviceKernel kernel, Dispatcher dispatcher, DeviceMemory memory, Residency residency) {
        this.kernel = kernel;
        this.dispatcher = dispatcher;
        this.memory = memory;
        this.residency = residency;
    }

    private static int chunks(int pixels) {
        return Math.max(1, Math.min(MAX_CHUNKS, pixels / 2048));
    }

    double dice(Tensor y, LabelMap labels, DiceOptions options, Tensor grad, LossGradient target,
                double[] perObservation) {
        OpChecks.loss("generalized Dice loss", y, labels, grad);
        int n = y.shape().dim(0);
        int k = y.shape().dim(1);
        int m = y.shape().sizeFrom(2);
        boolean pooled = options.reduction() == DiceOptions.Reduction.BATCH;
        DeviceTensor dy = residency.in(y);
        int labelRegion = memory.allocate(n * m, "loss labels");
        try {
            memory.uploadLabels(labels.labels(), labelRegion);
            int chunks = chunks(m);
            double[] r = memory.results(3 * n * k * chunks);
            kernel.src = dy.offset;
            kernel.aux1 = labelRegion;
            kernel.k = k;
            kernel.m = m;
            kernel.chunks = chunks;
            kernel.squared = options.denominator() == DiceOptions.Denominator.SQUARED ? 1 : 0;
            kernel.op = DeviceKernel.DICE_SUMS;
            dispatcher.execute("generalized Dice loss sums", n * k * chunks);
            r = memory.readResults("generalized Dice loss sums");
            diceSums.reset(pooled ? 1 : n, k);
            for (int obs = 0; obs < n; obs++) {
                int g = pooled ? 0 : obs;
                for (int c = 0; c < k; c++) {
                    for (int b = 0; b < chunks; b++) {
                        int at = ((obs * k + c) * chunks + b) * 3;
                        diceSums.addCount(g, c, r[at]);
                        diceSums.addIntersection(g, c, r[at + 1]);
                        diceSums.addPower(g, c, r[at + 2]);
                    }
                }
            }
            double loss = diceSums.finish(options, n);
            diceSums.copyObservationLosses(perObservation, n);
            if (grad != null) {
                int groups = pooled ? 1 : n;
                for (int g = 0; g < groups; g++) {
                    for (int c = 0; c < k; c++) {
                        int co = (g * k + c) * 3;
                        r[co] = diceSums.coefY(g, c);
                        r[co + 1] = diceSums.coefConst(g, c);
                        r[co + 2] = diceSums.coefT(g, c);
                    }
                }
                memory.writeResults();
                DeviceTensor dg = residency.out(grad);
                kernel.src = dy.offset;
                kernel.aux1 = labelRegion;
                kernel.dst = dg.offset;
                kernel.pooled = pooled ? 1 : 0;
                kernel.logits = target == LossGradient.LOGITS ? 1 : 0;
                kernel.op = DeviceKernel.DICE_GRADIENT;
                dispatcher.execute("generalized Dice loss gradient", n * m);
                Residency.wrote(dg);
            }
            return loss;
        } finally {
            memory.release(labelRegion, n * m);
        }
    }

    double crossEntropy(Tensor y, LabelMap labels, float[] classWeights, Tensor grad, LossGradient target) {
        OpChecks.loss("cross-entropy loss", y, labels, grad);
        int n = y.shape().dim(0);
        int k = y.shape().dim(1);
        int m = y.shape().sizeFrom(2);
        OpChecks.classWeights(classWeights, k);
        DeviceTensor dy = residency.in(y);
        int labelRegion = memory.allocate(n * m, "loss labels");
        try {
            memory.uploadLabels(labels.labels(), labelRegion);
            int chunks = chunks(m);
            int weightsAt = 3 * n * chunks;
            double[] r = memory.results(weightsAt + k);
            for (int c = 0; c < k; c++) {
                r[weightsAt + c] = classWeights == null ? 1 : classWeights[c];
            }
            memory.writeResults();
            kernel.src = dy.offset;
            kernel.aux1 = labelRegion;
            kernel.aux2 = weightsAt;
            kernel.k = k;
            kernel.m = m;
            kernel.chunks = chunks;
            kernel.op = DeviceKernel.CROSS_ENTROPY_SUMS;
            dispatcher.execute("cross-entropy loss sums", n * chunks);
            r = memory.readResults("cross-entropy loss sums");
            double total = 0;
            double weightSum = 0;
            double bad = 0;
            for (int i = 0; i < n * chunks; i++) {
                total += r[3 * i];
                weightSum += r[3 * i + 1];
                bad += r[3 * i + 2];
            }
            if (bad > 0) {
                throw new IllegalArgumentException("cross-entropy loss: input contains " + (long) bad
                        + " NaN or infinite probabilities at labelled pixels; expected finite probabilities");
            }
            if (grad != null) {
                for (int c = 0; c < k; c++) {
                    r[c] = weightSum == 0 ? 0 : (classWeights == null ? 1 : classWeights[c]) / weightSum;
                }
                memory.writeResults();
                DeviceTensor dg = residency.out(grad);
                kernel.src = dy.offset;
                kernel.aux1 = labelRegion;
                kernel.dst = dg.offset;
                kernel.logits = target == LossGradient.LOGITS ? 1 : 0;
                kernel.op = DeviceKernel.CROSS_ENTROPY_GRADIENT;
                dispatcher.execute("cross-entropy loss gradient", n * m);
                Residency.wrote(dg);
            }
            return weightSum > 0 ? total / weightSum : 0;
        } finally {
            memory.release(labelRegion, n * m);
        }
    }
}
