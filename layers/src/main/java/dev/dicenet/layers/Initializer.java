package dev.dicenet.layers;

import java.util.Locale;
import java.util.Random;

/** MATLAB's WeightsInitializer / BiasInitializer values. */
public enum Initializer {
    /** Uniform in +-sqrt(6 / (fanIn + fanOut)) (Glorot and Bengio, 2010); MATLAB's default for weights. */
    GLOROT("glorot"),
    /** Normal with standard deviation sqrt(2 / fanIn) (He et al., 2015). */
    HE("he"),
    /** Normal with mean 0 and standard deviation 0.01. */
    NARROW_NORMAL("narrow-normal"),
    /** All zeros; MATLAB's default for biases. */
    ZEROS("zeros"),
    /** All ones. */
    ONES("ones");

    private final String matlabName;

    Initializer(String matlabName) {
        this.matlabName = matlabName;
    }

    public String matlabName() {
        return matlabName;
    }

    /** Parses MATLAB's name ("glorot", "narrow-normal", ...), case-insensitively. */
    public static Initializer parse(String name) {
        for (Initializer i : values()) {
            if (i.matlabName.equalsIgnoreCase(name.trim())) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown initializer '" + name + "'; expected one of glorot, he, "
                + "narrow-normal, zeros, ones");
    }

    /** Fills {@code values} for a tensor with the given fan-in and fan-out. */
    public void fill(float[] values, int fanIn, int fanOut, Random random) {
        for (int i = 0; i < values.length; i++) {
            values[i] = sample(fanIn, fanOut, random);
        }
    }

    private float sample(int fanIn, int fanOut, Random random) {
        switch (this) {
            case GLOROT:
                double a = Math.sqrt(6.0 / (fanIn + fanOut));
                return (float) ((2 * random.nextDouble() - 1) * a);
            case HE:
                return (float) (random.nextGaussian() * Math.sqrt(2.0 / fanIn));
            case NARROW_NORMAL:
                return (float) (random.nextGaussian() * 0.01);
            case ONES:
                return 1f;
            default:
                return 0f;
        }
    }

    @Override
    public String toString() {
        return matlabName.toLowerCase(Locale.ROOT);
    }
}
