package dev.dicenet.tensor;

import java.util.Arrays;

/**
 * The per-class sums of the generalized Dice loss and everything derived from them, written once
 * for every backend (DICE.md). A backend makes one pass over the data to fill, per group (an
 * observation, or the whole batch for {@link DiceOptions.Reduction#BATCH}) and class k, over the
 * defined elements only:
 * <pre>
 *   count[k] = V_k = sum_m T_km,   inter[k] = I_k = sum_m Y_km T_km,
 *   power[k] = sum_m Y_km^2 (SQUARED) or sum_m Y_km (PLAIN)
 * </pre>
 * then calls {@link #finish}, which computes the weights, the loss, and the gradient as
 * {@code dL/dY_km = coefY * Y_km + coefConst + coefT * T_km} per group and class (0 at undefined
 * elements). Reusable across calls without allocation once sized.
 */
public final class DiceSums {
    private int groups;
    private int classes;
    private double[] count = new double[0];
    private double[] inter = new double[0];
    private double[] power = new double[0];
    private double[] coefY = new double[0];
    private double[] coefConst = new double[0];
    private double[] coefT = new double[0];
    private double[] groupLoss = new double[0];
    private double loss;

    /** Sizes the sums for {@code groups} x {@code classes} and zeroes them. */
    public void reset(int groups, int classes) {
        this.groups = groups;
        this.classes = classes;
        int n = groups * classes;
        if (count.length < n) {
            count = new double[n];
            inter = new double[n];
            power = new double[n];
            coefY = new double[n];
            coefConst = new double[n];
            coefT = new double[n];
        }
        if (groupLoss.length < groups) {
            groupLoss = new double[groups];
        }
        Arrays.fill(count, 0, n, 0);
        Arrays.fill(inter, 0, n, 0);
        Arrays.fill(power, 0, n, 0);
    }

    public int groups() {
        return groups;
    }

    public int classes() {
        return classes;
    }

    /** Adds a defined element of group g labelled k. */
    public void addCount(int g, int k, double v) {
        count[g * classes + k] += v;
    }

    public void addIntersection(int g, int k, double v) {
        inter[g * classes + k] += v;
    }

    public void addPower(int g, int k, double v) {
        power[g * classes + k] += v;
    }

    /**
     * Computes weights, losses and gradient coefficients. {@code observations} is N (the MEAN
     * divisor). Returns the reduced loss. Throws if a sum is not finite (a NaN or Inf input).
     */
    public double finish(DiceOptions options, int observations) {
        double s = options.smoothing();
        double scale = options.reduction() == DiceOptions.Reduction.MEAN ? 1.0 / observations : 1.0;
        boolean squared = options.denominator() == DiceOptions.Denominator.SQUARED;
        double total = 0;
        for (int g = 0; g < groups; g++) {
            int base = g * classes;
            double maxPresent = 0;
            boolean anyDefined = false;
            for (int k = 0; k < classes; k++) {
                if (!Double.isFinite(power[base + k]) || !Double.isFinite(inter[base + k])) {
                    throw new IllegalArgumentException("input contains NaN or Inf (class " + k
                            + (groups > 1 ? ", observation " + g : "") + "); expected finite probabilities");
                }
                if (count[base + k] > 0) {
                    anyDefined = true;
                    maxPresent = Math.max(maxPresent, options.presentWeight(count[base + k]));
                }
            }
            if (!anyDefined) { // no defined element: loss 0, gradient 0, still counted in N
                groupLoss[g] = 0;
                Arrays.fill(coefY, base, base + classes, 0);
                Arrays.fill(coefConst, base, base + classes, 0);
                Arrays.fill(coefT, base, base + classes, 0);
                continue;
            }
            double num = s;
            double den = s;
            for (int k = 0; k < classes; k++) {
                double w = weight(options, count[base + k], maxPresent);
                coefT[base + k] = w; // the weight, kept here until the gradient is formed below
                num += 2 * w * inter[base + k];
                den += w * (power[base + k] + count[base + k]); // sum T^2 = sum T = V for one-hot T
            }
            groupLoss[g] = 1 - num / den;
            total += groupLoss[g];
            // L = 1 - num/den: dL/dY = -(dnum den - num dden)/den^2, dnum = 2 w T, dden = 2 w Y or w.
            for (int k = 0; k < classes; k++) {
                double w = coefT[base + k];
                coefY[base + k] = squared ? scale * w * 2 * num / (den * den) : 0;
                coefConst[base + k] = squared ? 0 : scale * w * num / (den * den);
                coefT[base + k] = -scale * w * 2 / den;
            }
        }
        loss = options.reduction() == DiceOptions.Reduction.MEAN ? total / observations : total;
        return loss;
    }

    private static double weight(DiceOptions options, double v, double maxPresent) {
        if (v > 0) {
            return options.presentWeight(v);
        }
        switch (options.absentClassPolicy()) {
            case MAX_PRESENT: return maxPresent;
            case MATLAB: return options.matlabAbsentWeight();
            default: return 0;
        }
    }

    public double loss() {
        return loss;
    }

    /** The loss of group g (an observation, or the pooled batch). */
    public double groupLoss(int g) {
        return groupLoss[g];
    }

    public double coefY(int g, int k) {
        return coefY[g * classes + k];
    }

    public double coefConst(int g, int k) {
        return coefConst[g * classes + k];
    }

    public double coefT(int g, int k) {
        return coefT[g * classes + k];
    }

    /** Writes the per-observation losses (each the pooled loss for BATCH reduction). */
    public void copyObservationLosses(double[] out, int observations) {
        if (out == null) {
            return;
        }
        if (out.length != observations) {
            throw new IllegalArgumentException("per-observation loss array has length " + out.length
                    + ", expected " + observations);
        }
        for (int n = 0; n < observations; n++) {
            out[n] = groupLoss[groups == 1 ? 0 : n];
        }
    }
}
