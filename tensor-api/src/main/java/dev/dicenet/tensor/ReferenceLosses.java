package dev.dicenet.tensor;

/** The loss ops of the reference backend: generalized Dice and weighted cross-entropy. */
final class ReferenceLosses {
    private ReferenceLosses() {
    }

    static double dice(Tensor yt, LabelMap labels, DiceOptions options, Tensor gradT, LossGradient target,
                       double[] perObservation, DiceSums sums) {
        OpChecks.loss("generalized Dice loss", yt, labels, gradT);
        float[] y = yt.data();
        int[] t = labels.labels();
        int n = yt.shape().dim(0);
        int k = yt.shape().dim(1);
        int m = yt.shape().sizeFrom(2);
        boolean pooled = options.reduction() == DiceOptions.Reduction.BATCH;
        boolean squared = options.denominator() == DiceOptions.Denominator.SQUARED;
        sums.reset(pooled ? 1 : n, k);
        // One pass: the label map gives V_k and I_k directly, no one-hot tensor is formed.
        for (int obs = 0; obs < n; obs++) {
            int g = pooled ? 0 : obs;
            for (int px = 0; px < m; px++) {
                int label = t[obs * m + px];
                if (label == LabelMap.UNDEFINED) {
                    continue;
                }
                sums.addCount(g, label, 1);
                sums.addIntersection(g, label, y[(obs * k + label) * m + px]);
                for (int c = 0; c < k; c++) {
                    float v = y[(obs * k + c) * m + px];
                    sums.addPower(g, c, squared ? (double) v * v : v);
                }
            }
        }
        double loss = sums.finish(options, n);
        sums.copyObservationLosses(perObservation, n);
        if (gradT != null) {
            float[] grad = gradT.data();
            for (int obs = 0; obs < n; obs++) {
                int g = pooled ? 0 : obs;
                for (int px = 0; px < m; px++) {
                    int label = t[obs * m + px];
                    double weighted = 0; // sum_c Y_c dL/dY_c, for the fused softmax backward
                    for (int c = 0; c < k; c++) {
                        int i = (obs * k + c) * m + px;
                        double d = label == LabelMap.UNDEFINED ? 0
                                : sums.coefY(g, c) * y[i] + sums.coefConst(g, c) + (label == c ? sums.coefT(g, c) : 0);
                        grad[i] = (float) d;
                        weighted += d * y[i];
                    }
                    if (target == LossGradient.LOGITS) {
                        softmaxBackwardAt(y, grad, obs, k, m, px, weighted);
                    }
                }
            }
        }
        return loss;
    }

    static double crossEntropy(Tensor yt, LabelMap labels, float[] weights, Tensor gradT, LossGradient target) {
        OpChecks.loss("cross-entropy loss", yt, labels, gradT);
        int n = yt.shape().dim(0);
        int k = yt.shape().dim(1);
        int m = yt.shape().sizeFrom(2);
        OpChecks.classWeights(weights, k);
        float[] y = yt.data();
        int[] t = labels.labels();
        double total = 0;
        double weightSum = 0;
        for (int obs = 0; obs < n; obs++) {
            for (int px = 0; px < m; px++) {
                int label = t[obs * m + px];
                if (label == LabelMap.UNDEFINED) {
                    continue;
                }
                double w = weights == null ? 1 : weights[label];
                float p = y[(obs * k + label) * m + px];
                if (!Float.isFinite(p)) {
                    throw new IllegalArgumentException("cross-entropy loss: input contains " + p
                            + "; expected finite probabilities");
                }
                total -= w * Math.log(Math.max(p, Float.MIN_NORMAL));
                weightSum += w;
            }
        }
        double loss = weightSum > 0 ? total / weightSum : 0;
        if (gradT != null) {
            float[] grad = gradT.data();
            for (int obs = 0; obs < n; obs++) {
                for (int px = 0; px < m; px++) {
                    int label = t[obs * m + px];
                    double w = label == LabelMap.UNDEFINED || weightSum == 0 ? 0
                            : (weights == null ? 1 : weights[label]) / weightSum;
                    for (int c = 0; c < k; c++) {
                        int i = (obs * k + c) * m + px;
                        if (target == LossGradient.LOGITS) {
                            grad[i] = (float) (w * (y[i] - (label == c ? 1 : 0))); // softmax + CE: Y - T
                        } else {
                            grad[i] = label == c ? (float) (-w / Math.max(y[i], Float.MIN_NORMAL)) : 0f;
                        }
                    }
                }
            }
        }
        return loss;
    }

    /** In place at one pixel: grad_c = y_c (grad_c - weighted), the softmax Jacobian applied. */
    private static void softmaxBackwardAt(float[] y, float[] grad, int obs, int k, int m, int px, double weighted) {
        for (int c = 0; c < k; c++) {
            int i = (obs * k + c) * m + px;
            grad[i] = (float) (y[i] * (grad[i] - weighted));
        }
    }
}
