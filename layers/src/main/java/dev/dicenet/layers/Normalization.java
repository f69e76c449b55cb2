package dev.dicenet.layers;

/** MATLAB's Normalization values of image input layers. */
public enum Normalization {
    /** x - Mean. MATLAB's default. */
    ZEROCENTER("zerocenter"),
    /** (x - Mean) / StandardDeviation. */
    ZSCORE("zscore"),
    /** 2 (x - Min) / (Max - Min) - 1, into [-1, 1]. */
    RESCALE_SYMMETRIC("rescale-symmetric"),
    /** (x - Min) / (Max - Min), into [0, 1]. */
    RESCALE_ZERO_ONE("rescale-zero-one"),
    /** x unchanged. */
    NONE("none");

    private final String matlabName;

    Normalization(String matlabName) {
        this.matlabName = matlabName;
    }

    public String matlabName() {
        return matlabName;
    }

    public static Normalization parse(String name) {
        for (Normalization n : values()) {
            if (n.matlabName.equalsIgnoreCase(name.trim())) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown Normalization '" + name + "'; expected zerocenter, zscore, "
                + "rescale-symmetric, rescale-zero-one or none");
    }

    /** Whether it needs Mean and StandardDeviation (else Min and Max, or nothing). */
    boolean usesMoments() {
        return this == ZEROCENTER || this == ZSCORE;
    }

    boolean usesRange() {
        return this == RESCALE_SYMMETRIC || this == RESCALE_ZERO_ONE;
    }
}
