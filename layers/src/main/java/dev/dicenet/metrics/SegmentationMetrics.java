package dev.dicenet.metrics;

import dev.dicenet.tensor.DiceOptions;
import dev.dicenet.tensor.DiceSums;
import dev.dicenet.tensor.LabelMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Segmentation metrics over hard predictions, accumulated over a whole data set (MATLAB's
 * evaluateSemanticSegmentation, plus per-class Dice and the generalized Dice score):
 * <ul>
 *   <li>confusion matrix (rows: true class, columns: predicted), over defined pixels only;</li>
 *   <li>per class: accuracy TP/(TP+FN), IoU TP/(TP+FP+FN), Dice 2TP/(2TP+FP+FN); NaN where the
 *       denominator is 0 (class absent from both truth and prediction), left out of the means;</li>
 *   <li>global accuracy, mean accuracy, mean IoU, weighted IoU (weights: true pixel counts);</li>
 *   <li>generalized Dice score per observation, 1 - L_n of the default Dice loss with one-hot
 *       predictions (the MAX_PRESENT absent-class policy).</li>
 * </ul>
 */
public final class SegmentationMetrics {
    private final List<String> classes;
    private final long[][] confusion;
    private final List<Double> generalizedDice = new ArrayList<>();
    private final DiceSums sums = new DiceSums();

    public SegmentationMetrics(List<String> classes) {
        if (classes.size() < 2) {
            throw new IllegalArgumentException("metrics need at least two classes, got " + classes);
        }
        this.classes = List.copyOf(classes);
        this.confusion = new long[classes.size()][classes.size()];
    }

    /** Adds a batch: predicted and true label maps of the same shape [N, ...]. */
    public void add(LabelMap predicted, LabelMap truth) {
        if (!predicted.shape().equals(truth.shape())) {
            throw new IllegalArgumentException("metrics: predicted labels " + predicted.shape()
                    + " and true labels " + truth.shape() + " differ in shape");
        }
        int k = classes.size();
        int n = truth.shape().dim(0);
        int m = truth.spatialSize();
        int[] p = predicted.labels();
        int[] t = truth.labels();
        for (int obs = 0; obs < n; obs++) {
            sums.reset(1, k);
            boolean anyDefined = false;
            for (int i = obs * m; i < (obs + 1) * m; i++) {
                if (t[i] == LabelMap.UNDEFINED) {
                    continue;
                }
                if (t[i] < 0 || t[i] >= k || p[i] < 0 || p[i] >= k) {
                    throw new IllegalArgumentException("metrics: label out of range 0.." + (k - 1) + " at pixel "
                            + (i - obs * m) + " of observation " + obs + " (true " + t[i] + ", predicted " + p[i] + ")");
                }
                anyDefined = true;
                confusion[t[i]][p[i]]++;
                sums.addCount(0, t[i], 1);
                sums.addPower(0, p[i], 1);       // one-hot Y: sum Y^2 = sum Y = |P_k|
                if (p[i] == t[i]) {
                    sums.addIntersection(0, t[i], 1);
                }
            }
            if (anyDefined) { // an observation without defined pixels has no score
                generalizedDice.add(1 - sums.finish(DiceOptions.defaults().smoothing(0), 1));
            }
        }
    }

    public List<String> classes() {
        return classes;
    }

    /** Rows: true class, columns: predicted class. A copy. */
    public long[][] confusionMatrix() {
        long[][] c = new long[confusion.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = confusion[i].clone();
        }
        return c;
    }

    private long tp(int k) {
        return confusion[k][k];
    }

    private long trueCount(int k) {
        long s = 0;
        for (long v : confusion[k]) {
            s += v;
        }
        return s;
    }

    private long predictedCount(int k) {
        long s = 0;
        for (long[] row : confusion) {
            s += row[k];
        }
        return s;
    }

    public double[] classAccuracy() {
        double[] a = new double[classes.size()];
        for (int k = 0; k < a.length; k++) {
            a[k] = ratio(tp(k), trueCount(k));
        }
        return a;
    }

    public double[] classIoU() {
        double[] a = new double[classes.size()];
        for (int k = 0; k < a.length; k++) {
            a[k] = ratio(tp(k), trueCount(k) + predictedCount(k) - tp(k));
        }
        return a;
    }

    public double[] classDice() {
        double[] a = new double[classes.size()];
        for (int k = 0; k < a.length; k++) {
            a[k] = ratio(2 * tp(k), trueCount(k) + predictedCount(k));
        }
        return a;
    }

    public double globalAccuracy() {
        long right = 0;
        long all = 0;
        for (int k = 0; k < classes.size(); k++) {
            right += tp(k);
            all += trueCount(k);
        }
        return ratio(right, all);
    }

    public double meanAccuracy() {
        return meanIgnoringNaN(classAccuracy());
    }

    public double meanIoU() {
        return meanIgnoringNaN(classIoU());
    }

    public double meanDice() {
        return meanIgnoringNaN(classDice());
    }

    /** IoU averaged with each class weighted by its number of true pixels. */
    public double weightedIoU() {
        double[] iou = classIoU();
        double s = 0;
        long all = 0;
        for (int k = 0; k < iou.length; k++) {
            long c = trueCount(k);
            if (c > 0 && !Double.isNaN(iou[k])) {
                s += c * iou[k];
                all += c;
            }
        }
        return all == 0 ? Double.NaN : s / all;
    }

    /** The generalized Dice score of every observation added that has defined pixels, in order. */
    public double[] generalizedDiceScores() {
        return generalizedDice.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public double meanGeneralizedDice() {
        return generalizedDice.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** A text table: per-class accuracy, IoU, Dice, true pixel share; then the data set metrics. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        int width = Math.max(5, classes.stream().mapToInt(String::length).max().orElse(5));
        double[] acc = classAccuracy();
        double[] iou = classIoU();
        double[] dice = classDice();
        long all = 0;
        for (int k = 0; k < classes.size(); k++) {
            all += trueCount(k);
        }
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  %8s  %8s  %8s  %9s%n", "class", "Accuracy", "IoU",
                "Dice", "% pixels"));
        for (int k = 0; k < classes.size(); k++) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %8s  %8s  %8s  %9.3f%n", classes.get(k),
                    fmt(acc[k]), fmt(iou[k]), fmt(dice[k]), all == 0 ? Double.NaN : 100.0 * trueCount(k) / all));
        }
        sb.append(String.format(Locale.ROOT,
                "GlobalAccuracy %s  MeanAccuracy %s  MeanIoU %s  WeightedIoU %s  MeanDice %s  MeanGeneralizedDice %s%n",
                fmt(globalAccuracy()), fmt(meanAccuracy()), fmt(meanIoU()), fmt(weightedIoU()), fmt(meanDice()),
                fmt(meanGeneralizedDice())));
        return sb.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static double ratio(long num, long den) {
        return den == 0 ? Double.NaN : (double) num / den;
    }

    private static double meanIgnoringNaN(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                s += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }
}
