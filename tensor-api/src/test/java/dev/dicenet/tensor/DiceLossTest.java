package dev.dicenet.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.tensor.DiceOptions.AbsentClassPolicy;
import dev.dicenet.tensor.DiceOptions.Denominator;
import dev.dicenet.tensor.DiceOptions.Reduction;
import dev.dicenet.tensor.DiceOptions.WeightType;
import dev.dicenet.tensor.testing.NumericGradient;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Pins the numbers of the generalized Dice loss. Expected values come from the formulas of DICE.md,
 * MATLAB's documented loss and MONAI's GeneralizedDiceLoss, written out here in double and
 * independently of {@link DiceSums}.
 */
class DiceLossTest {
    private static final double EPS = 0x1.0p-23;
    private final Backend b = new ReferenceBackend();

    /** 2 classes, 2x2 image, labels [0 0; 0 1], Y_0 = [.9 .8; .6 .3], Y_1 = 1 - Y_0. */
    @Test
    void handWorked2x2Case() {
        Tensor y = Tensor.of(Shape.of(1, 2, 2, 2), 0.9f, 0.8f, 0.6f, 0.3f, 0.1f, 0.2f, 0.4f, 0.7f);
        LabelMap t = LabelMap.of(Shape.of(1, 2, 2), 0, 0, 0, 1);
        // V = (3, 1), w = (1/9, 1), I = (2.3, 0.7), sum Y^2 = (1.9, 0.7), U = (4.9, 1.7)
        // num = 2 (2.3/9 + 0.7) = 86/45, den = 4.9/9 + 1.7 = 101/45, L = 1 - 86/101 = 15/101.
        double num = 86.0 / 45 + EPS;
        double den = 101.0 / 45 + EPS;
        Tensor grad = Tensor.zeros(y.shape());
        double loss = b.diceLoss(y, t, DiceOptions.defaults(), grad, LossGradient.PROBABILITIES, null);
        assertEquals(1 - num / den, loss, 1e-7);
        assertEquals(15.0 / 101, loss, 1e-6);
        // dL/dY_km = w_k (2 Y num/den^2 - 2 T/den)
        double g00 = (1.0 / 9) * (2 * 0.9 * num / (den * den) - 2 / den);
        double g13 = 1.0 * (2 * 0.7 * num / (den * den) - 2 / den);
        double g03 = (1.0 / 9) * (2 * 0.3 * num / (den * den));
        assertEquals(g00, grad.get(0), 1e-6);
        assertEquals(g13, grad.get(7), 1e-6);
        assertEquals(g03, grad.get(3), 1e-6);
    }

    /** 3 classes on 3x3, class 2 absent, one undefined pixel: every policy gives its own number. */
    @Test
    void absentClassPoliciesDiffer() {
        Random r = new Random(3);
        Tensor y = probabilities(r, Shape.of(1, 3, 3, 3));
        LabelMap t = LabelMap.of(Shape.of(1, 3, 3), 0, 0, 0, 0, 1, 1, 0, -1, 0);
        List<Double> losses = new ArrayList<>();
        for (AbsentClassPolicy p : AbsentClassPolicy.values()) {
            DiceOptions o = DiceOptions.defaults().absentClassPolicy(p);
            double loss = b.diceLoss(y, t, o, null, LossGradient.PROBABILITIES, null);
            assertEquals(formula(y, t, o)[0], loss, 1e-6, p.name());
            losses.add(loss);
        }
        assertNotEquals(losses.get(0), losses.get(1), 1e-4);
        assertNotEquals(losses.get(1), losses.get(2), 1e-4);
        assertNotEquals(losses.get(0), losses.get(2), 1e-4);
    }

    @Test
    void everyOptionMatchesTheFormulaAndItsGradient() {
        Random r = new Random(11);
        Shape s = Shape.of(2, 3, 3, 4);
        Tensor y = probabilities(r, s);
        LabelMap t = LabelMap.of(Shape.of(2, 3, 4),
                0, 0, 1, 1, 0, -1, 1, 0, 0, 0, 1, 1,     // observation 0: class 2 absent
                2, 2, 2, 2, 2, 0, 2, 2, -1, -1, 2, 2);   // observation 1: class 1 absent
        List<Double> distinct = new ArrayList<>();
        for (WeightType wt : WeightType.values()) {
            for (Denominator d : Denominator.values()) {
                for (AbsentClassPolicy p : AbsentClassPolicy.values()) {
                    for (Reduction red : Reduction.values()) {
                        DiceOptions o = DiceOptions.defaults().weightType(wt).denominator(d)
                                .absentClassPolicy(p).reduction(red).smoothing(red == Reduction.SUM ? 1e-3 : EPS);
                        Tensor grad = Tensor.zeros(s);
                        double[] per = new double[2];
                        double loss = b.diceLoss(y, t, o, grad, LossGradient.PROBABILITIES, per);
                        double[] expected = formula(y, t, o);
                        assertEquals(expected[0], loss, 1e-6, o.toString());
                        if (red != Reduction.BATCH) {
                            assertEquals(expected[1], per[0], 1e-6, o.toString());
                            assertEquals(expected[2], per[1], 1e-6, o.toString());
                        }
                        if (p != AbsentClassPolicy.MATLAB) { // MATLAB's 1/eps weights make differences ill-conditioned
                            double[] numeric = NumericGradient.centralDifference(y.data(),
                                    () -> formula(y, t, o)[0], 1e-3);
                            ConvolutionTest.assertClose(numeric, grad.data(), o.toString());
                        }
                        distinct.add(loss);
                    }
                }
            }
        }
        assertTrue(distinct.stream().distinct().count() > distinct.size() / 2, "options should change the loss");
    }

    @Test
    void matlabPresetReproducesMatlabsFormula() {
        Random r = new Random(5);
        Tensor y = probabilities(r, Shape.of(3, 4, 5, 5));
        LabelMap t = randomLabels(r, Shape.of(3, 5, 5), 4, 0.1, 2);
        double loss = b.diceLoss(y, t, DiceOptions.matlabCompatible(), null, LossGradient.PROBABILITIES, null);
        assertEquals(matlabGeneralizedDiceLoss(y, t), loss, 1e-6);
    }

    @Test
    void monaiSettingReproducesMonaisFormula() {
        Random r = new Random(6);
        Tensor y = probabilities(r, Shape.of(3, 4, 5, 5));
        LabelMap t = randomLabels(r, Shape.of(3, 5, 5), 4, 0, 2);
        double loss = b.diceLoss(y, t, DiceOptions.monaiCompatible(), null, LossGradient.PROBABILITIES, null);
        assertEquals(monaiGeneralizedDiceLoss(y, t), loss, 1e-6);
    }

    @Test
    void perfectPredictionHasZeroLoss() {
        LabelMap t = randomLabels(new Random(1), Shape.of(2, 6, 7), 3, 0.1, -1);
        Tensor y = Tensor.zeros(2, 3, 6, 7);
        for (int n = 0; n < 2; n++) {
            for (int m = 0; m < 42; m++) {
                int l = t.get(n * 42 + m);
                if (l >= 0) {
                    y.set((n * 3 + l) * 42 + m, 1);
                }
            }
        }
        assertEquals(0, b.diceLoss(y, t, DiceOptions.defaults(), null, LossGradient.PROBABILITIES, null), 1e-6);
    }

    @Test
    void undefinedPixelsAreIgnoredEntirely() {
        Random r = new Random(8);
        Shape s = Shape.of(2, 3, 4, 4);
        Tensor y = probabilities(r, s);
        LabelMap t = randomLabels(r, Shape.of(2, 4, 4), 3, 0.3, -1);
        Tensor g1 = Tensor.zeros(s);
        double l1 = b.diceLoss(y, t, DiceOptions.defaults(), g1, LossGradient.PROBABILITIES, null);
        Tensor y2 = y.copy();
        for (int n = 0; n < 2; n++) {
            for (int m = 0; m < 16; m++) {
                if (t.get(n * 16 + m) == LabelMap.UNDEFINED) {
                    for (int c = 0; c < 3; c++) {
                        y2.set((n * 3 + c) * 16 + m, r.nextFloat());
                    }
                }
            }
        }
        Tensor g2 = Tensor.zeros(s);
        double l2 = b.diceLoss(y2, t, DiceOptions.defaults(), g2, LossGradient.PROBABILITIES, null);
        assertEquals(l1, l2, 0);
        assertArrayEquals(g1.data(), g2.data(), 0);
        for (int n = 0; n < 2; n++) {
            for (int m = 0; m < 16; m++) {
                if (t.get(n * 16 + m) == LabelMap.UNDEFINED) {
                    assertEquals(0f, g1.get(n * 3 * 16 + m), 0f);
                }
            }
        }
    }

    @Test
    void allUndefinedBatchIsZeroNotAnError() {
        Tensor y = probabilities(new Random(2), Shape.of(2, 2, 2, 2));
        LabelMap t = LabelMap.of(Shape.of(2, 2, 2), -1, -1, -1, -1, -1, -1, -1, -1);
        for (AbsentClassPolicy p : AbsentClassPolicy.values()) {
            Tensor g = Tensor.zeros(y.shape());
            double loss = b.diceLoss(y, t, DiceOptions.defaults().absentClassPolicy(p), g, LossGradient.LOGITS, null);
            assertEquals(0, loss, 1e-12, p.name());
            for (float v : g.data()) {
                assertEquals(0f, v, 0f);
            }
        }
    }

    @Test
    void volumeWithDepthOneEqualsTheImage() {
        Random r = new Random(9);
        Tensor y2 = probabilities(r, Shape.of(2, 3, 4, 5));
        LabelMap t2 = randomLabels(r, Shape.of(2, 4, 5), 3, 0.2, -1);
        Tensor y3 = Tensor.wrap(Shape.of(2, 3, 1, 4, 5), y2.data());
        LabelMap t3 = LabelMap.wrap(Shape.of(2, 1, 4, 5), t2.labels());
        Tensor g2 = Tensor.zeros(y2.shape());
        Tensor g3 = Tensor.zeros(y3.shape());
        double l2 = b.diceLoss(y2, t2, DiceOptions.defaults(), g2, LossGradient.PROBABILITIES, null);
        double l3 = b.diceLoss(y3, t3, DiceOptions.defaults(), g3, LossGradient.PROBABILITIES, null);
        assertEquals(l2, l3, 0);
        assertArrayEquals(g2.data(), g3.data(), 0);
    }

    @Test
    void fusedLogitGradientEqualsSoftmaxBackwardOfProbabilityGradient() {
        Random r = new Random(10);
        Shape s = Shape.of(2, 4, 3, 5);
        Tensor z = Tensor.of(s, NumericGradient.random(r, s.size(), -3, 3));
        Tensor y = Tensor.zeros(s);
        b.softmax(z, y);
        LabelMap t = randomLabels(r, Shape.of(2, 3, 5), 4, 0.2, 3);
        for (DiceOptions o : List.of(DiceOptions.defaults(), DiceOptions.monaiCompatible(),
                DiceOptions.defaults().reduction(Reduction.BATCH))) {
            Tensor gy = Tensor.zeros(s);
            b.diceLoss(y, t, o, gy, LossGradient.PROBABILITIES, null);
            Tensor unfused = Tensor.zeros(s);
            b.softmaxBackward(y, gy, unfused);
            Tensor fused = Tensor.zeros(s);
            b.diceLoss(y, t, o, fused, LossGradient.LOGITS, null);
            assertArrayEquals(unfused.data(), fused.data(), 1e-6f);
        }
    }

    @Test
    void lossStaysInTheUnitIntervalForProbabilities() {
        Random r = new Random(12);
        for (int trial = 0; trial < 200; trial++) {
            int k = 2 + r.nextInt(4);
            Tensor y = probabilities(r, Shape.of(1 + r.nextInt(3), k, 1 + r.nextInt(4), 1 + r.nextInt(4)));
            Shape ls = Shape.of(y.shape().dim(0), y.shape().dim(2), y.shape().dim(3));
            LabelMap t = randomLabels(r, ls, k, r.nextDouble() * 0.5, -1);
            for (AbsentClassPolicy p : AbsentClassPolicy.values()) {
                double loss = b.diceLoss(y, t, DiceOptions.defaults().absentClassPolicy(p), null,
                        LossGradient.PROBABILITIES, null);
                assertTrue(loss >= -1e-7 && loss <= 1 + 1e-7, "loss " + loss);
            }
        }
    }

    @Test
    void badInputsAreClearErrors() {
        Tensor y = probabilities(new Random(1), Shape.of(1, 2, 2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.diceLoss(y,
                LabelMap.of(Shape.of(1, 2, 2), 0, 2, 1, 0), DiceOptions.defaults(), null, LossGradient.PROBABILITIES, null));
        assertTrue(e.getMessage().contains("label 2 at index 1 is out of range; expected 0..1"), e.getMessage());
        y.set(3, Float.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> b.diceLoss(y,
                LabelMap.of(Shape.of(1, 2, 2), 0, 1, 1, 0), DiceOptions.defaults(), null, LossGradient.PROBABILITIES, null));
        assertTrue(e.getMessage().contains("NaN or Inf"), e.getMessage());
        Tensor one = Tensor.zeros(1, 1, 2, 2);
        e = assertThrows(IllegalArgumentException.class, () -> b.diceLoss(one,
                LabelMap.of(Shape.of(1, 2, 2), 0, 0, 0, 0), DiceOptions.defaults(), null, LossGradient.PROBABILITIES, null));
        assertTrue(e.getMessage().contains("at least 2 classes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.diceLoss(Tensor.zeros(2, 2, 2), LabelMap.zeros(Shape.of(2, 2)),
                DiceOptions.defaults(), null, LossGradient.PROBABILITIES, null));
    }

    @Test
    void crossEntropyIsTheWeightedMeanOverDefinedPixels() {
        Tensor y = Tensor.of(Shape.of(1, 2, 1, 3), 0.8f, 0.4f, 0.5f, 0.2f, 0.6f, 0.5f);
        LabelMap t = LabelMap.of(Shape.of(1, 1, 3), 0, 1, -1);
        float[] w = {1, 3};
        double expected = -(1 * Math.log(0.8f) + 3 * Math.log(0.6f)) / 4;
        Tensor g = Tensor.zeros(y.shape());
        assertEquals(expected, b.crossEntropyLoss(y, t, w, g, LossGradient.PROBABILITIES), 1e-7);
        assertArrayEquals(new float[] {-1 / (4 * 0.8f), 0, 0, 0, -3 / (4 * 0.6f), 0}, g.data(), 1e-6f);
        b.crossEntropyLoss(y, t, w, g, LossGradient.LOGITS);
        assertArrayEquals(new float[] {(0.8f - 1) / 4, 3 * 0.4f / 4, 0, 0.2f / 4, 3 * (0.6f - 1) / 4, 0}, g.data(), 1e-6f);
    }

    // ---- independent formulas ----------------------------------------------------------------

    /** MATLAB's generalizedDice loss: W = 1/max(V^2, eps), ratio of class sums, mean over N. */
    static double matlabGeneralizedDiceLoss(Tensor y, LabelMap t) {
        int n = y.shape().dim(0);
        int k = y.shape().dim(1);
        int m = y.shape().sizeFrom(2);
        double total = 0;
        for (int obs = 0; obs < n; obs++) {
            double numer = 0;
            double denom = 0;
            for (int c = 0; c < k; c++) {
                double sumT = 0;
                double inter = 0;
                double union = 0;
                for (int px = 0; px < m; px++) {
                    int l = t.get(obs * m + px);
                    double yy = l < 0 ? 0 : y.get((obs * k + c) * m + px); // undefined: Y and T are 0
                    double tt = l == c ? 1 : 0;
                    sumT += tt;
                    inter += yy * tt;
                    union += yy * yy + tt * tt;
                }
                double w = 1 / Math.max(sumT * sumT, EPS);
                numer += w * inter;
                denom += w * union;
            }
            total += 1 - (2 * numer + EPS) / (denom + EPS);
        }
        return total / n;
    }

    /** MONAI GeneralizedDiceLoss(w_type='square', smooth 1e-5), infinite weights set to the max. */
    static double monaiGeneralizedDiceLoss(Tensor y, LabelMap t) {
        int n = y.shape().dim(0);
        int k = y.shape().dim(1);
        int m = y.shape().sizeFrom(2);
        double total = 0;
        for (int obs = 0; obs < n; obs++) {
            double[] ground = new double[k];
            double[] pred = new double[k];
            double[] inter = new double[k];
            double[] w = new double[k];
            for (int c = 0; c < k; c++) {
                for (int px = 0; px < m; px++) {
                    double yy = y.get((obs * k + c) * m + px);
                    double tt = t.get(obs * m + px) == c ? 1 : 0;
                    ground[c] += tt;
                    pred[c] += yy;
                    inter[c] += yy * tt;
                }
                w[c] = 1 / (ground[c] * ground[c]);
            }
            double max = 0;
            for (double v : w) {
                if (!Double.isInfinite(v)) {
                    max = Math.max(max, v);
                }
            }
            double numer = 0;
            double denom = 0;
            for (int c = 0; c < k; c++) {
                double wc = Double.isInfinite(w[c]) ? max : w[c];
                numer += 2 * inter[c] * wc;
                denom += (ground[c] + pred[c]) * wc;
            }
            total += 1 - (numer + 1e-5) / (denom + 1e-5);
        }
        return total / n;
    }

    /**
     * DICE.md in full generality: returns {reduced loss, L_0, L_1, ...}. Undefined elements are
     * left out of every sum.
     */
    static double[] formula(Tensor y, LabelMap t, DiceOptions o) {
        int n = y.shape().dim(0);
        int k = y.shape().dim(1);
        int m = y.shape().sizeFrom(2);
        boolean pooled = o.reduction() == Reduction.BATCH;
        int groups = pooled ? 1 : n;
        double[][] v = new double[groups][k];
        double[][] inter = new double[groups][k];
        double[][] pw = new double[groups][k];
        for (int obs = 0; obs < n; obs++) {
            int g = pooled ? 0 : obs;
            for (int c = 0; c < k; c++) {
                for (int px = 0; px < m; px++) {
                    int l = t.get(obs * m + px);
                    if (l < 0) {
                        continue;
                    }
                    double yy = y.get((obs * k + c) * m + px);
                    v[g][c] += l == c ? 1 : 0;
                    inter[g][c] += l == c ? yy : 0;
                    pw[g][c] += o.denominator() == Denominator.SQUARED ? yy * yy : yy;
                }
            }
        }
        double[] out = new double[n + 1];
        double total = 0;
        for (int g = 0; g < groups; g++) {
            double[] w = new double[k];
            double max = 0;
            boolean any = false;
            for (int c = 0; c < k; c++) {
                if (v[g][c] > 0) {
                    any = true;
                    w[c] = o.weightType() == WeightType.SQUARE ? 1 / (v[g][c] * v[g][c])
                            : o.weightType() == WeightType.SIMPLE ? 1 / v[g][c] : 1;
                    max = Math.max(max, w[c]);
                }
            }
            double lg = 0;
            if (any) {
                double num = o.smoothing();
                double den = o.smoothing();
                for (int c = 0; c < k; c++) {
                    double wc = w[c];
                    if (v[g][c] == 0) {
                        wc = o.absentClassPolicy() == AbsentClassPolicy.MAX_PRESENT ? max
                                : o.absentClassPolicy() == AbsentClassPolicy.SKIP ? 0
                                : o.weightType() == WeightType.UNIFORM ? 1 : 1 / EPS;
                    }
                    num += 2 * wc * inter[g][c];
                    den += wc * (pw[g][c] + v[g][c]);
                }
                lg = 1 - num / den;
            }
            total += lg;
            if (pooled) {
                java.util.Arrays.fill(out, 1, n + 1, lg);
            } else {
                out[g + 1] = lg;
            }
        }
        out[0] = o.reduction() == Reduction.MEAN ? total / n : total;
        return out;
    }

    static Tensor probabilities(Random r, Shape s) {
        Tensor z = Tensor.of(s, NumericGradient.random(r, s.size(), -2, 2));
        Tensor y = Tensor.zeros(s);
        new ReferenceBackend().softmax(z, y);
        return y;
    }

    /** Random labels with a share of undefined elements; {@code missing} >= 0 is never used. */
    static LabelMap randomLabels(Random r, Shape s, int k, double undefinedShare, int missing) {
        int[] l = new int[s.size()];
        for (int i = 0; i < l.length; i++) {
            if (r.nextDouble() < undefinedShare) {
                l[i] = LabelMap.UNDEFINED;
            } else {
                do {
                    l[i] = r.nextInt(k);
                } while (l[i] == missing);
            }
        }
        return LabelMap.wrap(s, l);
    }
}
