package dev.dicenet.tensor;

/**
 * The options of the generalized Dice loss (see DICE.md in the design notes). The defaults are
 * MATLAB's loss with the {@link AbsentClassPolicy#MAX_PRESENT} absent-class policy;
 * {@link #matlabCompatible()} reproduces MATLAB in every case.
 */
public final class DiceOptions {
    /** MATLAB's eps('single') = 2^-23: the default smoothing and the guard in the weights. */
    public static final double EPS = 0x1.0p-23;

    /** How a class is weighted by its region size V (the number of pixels labelled with it). */
    public enum WeightType {
        /** 1/V^2 (Sudre et al.; MATLAB). */
        SQUARE,
        /** 1/V. */
        SIMPLE,
        /** 1 (no re-weighting). */
        UNIFORM
    }

    /** The denominator's per-class term. */
    public enum Denominator {
        /** sum Y^2 + T^2 (MATLAB, V-Net). */
        SQUARED,
        /** sum Y + T (Sudre et al., MONAI). */
        PLAIN
    }

    /** The weight of a class absent from an observation's labels (V = 0). */
    public enum AbsentClassPolicy {
        /** The largest weight among the classes present in the observation (MONAI's choice). */
        MAX_PRESENT,
        /** 1/eps, as MATLAB: any mass predicted for the class then dominates the loss. */
        MATLAB,
        /** 0: the class is left out of that observation. */
        SKIP
    }

    /** How per-observation losses combine. */
    public enum Reduction {
        /** Mean over the observations of the batch (MATLAB). */
        MEAN,
        /** Sum over the observations. */
        SUM,
        /** The class sums pooled over the whole batch before the ratio (MONAI's batch=True). */
        BATCH
    }

    private final WeightType weightType;
    private final Denominator denominator;
    private final AbsentClassPolicy absentClassPolicy;
    private final Reduction reduction;
    private final double smoothing;

    private DiceOptions(WeightType w, Denominator d, AbsentClassPolicy a, Reduction r, double smoothing) {
        if (w == null || d == null || a == null || r == null) {
            throw new IllegalArgumentException("Dice options must not be null");
        }
        if (!(smoothing >= 0) || Double.isInfinite(smoothing)) {
            throw new IllegalArgumentException("Dice smoothing must be finite and >= 0, got " + smoothing);
        }
        this.weightType = w;
        this.denominator = d;
        this.absentClassPolicy = a;
        this.reduction = r;
        this.smoothing = smoothing;
    }

    /** SQUARE weights, SQUARED denominator, MAX_PRESENT, MEAN, smoothing 2^-23. */
    public static DiceOptions defaults() {
        return new DiceOptions(WeightType.SQUARE, Denominator.SQUARED, AbsentClassPolicy.MAX_PRESENT,
                Reduction.MEAN, EPS);
    }

    /** MATLAB's numbers exactly: the defaults with the MATLAB absent-class policy. */
    public static DiceOptions matlabCompatible() {
        return defaults().absentClassPolicy(AbsentClassPolicy.MATLAB);
    }

    /** MONAI's GeneralizedDiceLoss: PLAIN denominator, MAX_PRESENT, smoothing 1e-5. */
    public static DiceOptions monaiCompatible() {
        return defaults().denominator(Denominator.PLAIN).smoothing(1e-5);
    }

    public DiceOptions weightType(WeightType w) {
        return new DiceOptions(w, denominator, absentClassPolicy, reduction, smoothing);
    }

    public DiceOptions denominator(Denominator d) {
        return new DiceOptions(weightType, d, absentClassPolicy, reduction, smoothing);
    }

    public DiceOptions absentClassPolicy(AbsentClassPolicy a) {
        return new DiceOptions(weightType, denominator, a, reduction, smoothing);
    }

    public DiceOptions reduction(Reduction r) {
        return new DiceOptions(weightType, denominator, absentClassPolicy, r, smoothing);
    }

    public DiceOptions smoothing(double s) {
        return new DiceOptions(weightType, denominator, absentClassPolicy, reduction, s);
    }

    public WeightType weightType() {
        return weightType;
    }

    public Denominator denominator() {
        return denominator;
    }

    public AbsentClassPolicy absentClassPolicy() {
        return absentClassPolicy;
    }

    public Reduction reduction() {
        return reduction;
    }

    public double smoothing() {
        return smoothing;
    }

    /** The weight of a class with region size {@code v} >= 1. */
    public double presentWeight(double v) {
        switch (weightType) {
            case SQUARE: return 1.0 / (v * v);
            case SIMPLE: return 1.0 / v;
            default: return 1.0;
        }
    }

    /** MATLAB's weight of an absent class: 1/max(eps, 0) for SQUARE and SIMPLE, 1 for UNIFORM. */
    public double matlabAbsentWeight() {
        return weightType == WeightType.UNIFORM ? 1.0 : 1.0 / EPS;
    }

    @Override
    public String toString() {
        return "DiceOptions[weights " + weightType + ", denominator " + denominator + ", absent classes "
                + absentClassPolicy + ", reduction " + reduction + ", smoothing " + smoothing + "]";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DiceOptions)) {
            return false;
        }
        DiceOptions d = (DiceOptions) o;
        return weightType == d.weightType && denominator == d.denominator && absentClassPolicy == d.absentClassPolicy
                && reduction == d.reduction && Double.compare(smoothing, d.smoothing) == 0;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(weightType, denominator, absentClassPolicy, reduction, smoothing);
    }
}
