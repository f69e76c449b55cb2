package dev.dicenet.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.DiceOptions;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.LossGradient;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The generalized Dice loss on a 128^3 volume (2,097,152 voxels) with a class of 10 voxels matches
 * a double-precision computation within 1e-5 relative on every backend: float32 running sums over
 * millions of terms would lose the small class.
 */
class NumericsAtScaleTest {
    @Test
    void diceOnALargeVolumeWithATinyClass() {
        int s = 128;
        int m = s * s * s;
        Random r = new Random(4);
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            labels[i] = r.nextInt(100) < 70 ? 0 : 1; // two large classes
        }
        for (int i = 0; i < 10; i++) {
            labels[r.nextInt(m)] = 2; // the tiny class: 10 voxels (a repeat would make it 9; fine either way)
        }
        Tensor y = Tensor.zeros(1, 3, s, s, s);
        float[] v = y.data();
        for (int i = 0; i < m; i++) {
            double a = r.nextDouble();
            double b = r.nextDouble();
            double c = r.nextDouble() * 0.01;
            double sum = a + b + c;
            v[i] = (float) (a / sum);
            v[m + i] = (float) (b / sum);
            v[2 * m + i] = (float) (c / sum);
        }
        double expected = doublePrecision(v, labels, m);
        LabelMap t = LabelMap.wrap(Shape.of(1, s, s, s), labels);
        for (Backend b : AvailableBackends.all()) {
            double loss = b.diceLoss(y, t, DiceOptions.defaults(), null, LossGradient.PROBABILITIES, null);
            assertEquals(expected, loss, 1e-5 * Math.abs(expected), b.name());
        }
    }

    /** DICE.md's loss with every sum in double (3 classes, all present). */
    private static double doublePrecision(float[] y, int[] labels, int m) {
        double[] count = new double[3];
        double[] inter = new double[3];
        double[] sq = new double[3];
        for (int i = 0; i < m; i++) {
            count[labels[i]]++;
            inter[labels[i]] += y[labels[i] * m + i];
            for (int c = 0; c < 3; c++) {
                sq[c] += (double) y[c * m + i] * y[c * m + i];
            }
        }
        double num = DiceOptions.EPS;
        double den = DiceOptions.EPS;
        for (int c = 0; c < 3; c++) {
            double w = 1 / (count[c] * count[c]);
            num += 2 * w * inter[c];
            den += w * (sq[c] + count[c]);
        }
        return 1 - num / den;
    }
}
