package dev.dicenet.gradcheck;

import java.util.Locale;

/**
 * The result of checking one gradient (w.r.t. the input or one parameter): the worst element
 * error found, where, and the random-direction error.
 */
public final class TensorReport {
    private final String name;
    private final int checked;
    private final int size;
    private final double maxAbsError;
    private final double maxRelError;
    private final int worstIndex;
    private final double worstAnalytic;
    private final double worstNumeric;
    private final double directionalRelError;
    private final boolean passed;

    TensorReport(String name, int checked, int size, double maxAbsError, double maxRelError, int worstIndex,
                 double worstAnalytic, double worstNumeric, double directionalRelError, boolean passed) {
        this.name = name;
        this.checked = checked;
        this.size = size;
        this.maxAbsError = maxAbsError;
        this.maxRelError = maxRelError;
        this.worstIndex = worstIndex;
        this.worstAnalytic = worstAnalytic;
        this.worstNumeric = worstNumeric;
        this.directionalRelError = directionalRelError;
        this.passed = passed;
    }

    /** "input" or the parameter's name, e.g. "Weights". */
    public String name() {
        return name;
    }

    /** Elements compared (a subsample of large tensors). */
    public int checked() {
        return checked;
    }

    public int size() {
        return size;
    }

    public double maxAbsError() {
        return maxAbsError;
    }

    /** max |a - n| / max(|a|, |n|) over the checked elements (0 where both are 0). */
    public double maxRelError() {
        return maxRelError;
    }

    /** The flat index of the element whose error exceeded its tolerance by the largest factor. */
    public int worstIndex() {
        return worstIndex;
    }

    public double worstAnalytic() {
        return worstAnalytic;
    }

    public double worstNumeric() {
        return worstNumeric;
    }

    /** Relative error of the directional derivative along a random direction. */
    public double directionalRelError() {
        return directionalRelError;
    }

    public boolean passed() {
        return passed;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%-12s %s  checked %d/%d  max abs %.3g  max rel %.3g  worst [%d] analytic %.6g "
                        + "numeric %.6g  direction rel %.3g", name, passed ? "PASS" : "FAIL", checked, size, maxAbsError,
                maxRelError, worstIndex, worstAnalytic, worstNumeric, directionalRelError);
    }
}
