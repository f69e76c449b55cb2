package dev.dicenet.layers;

/** Over what the normalization statistics are taken (MATLAB's NormalizationDimension; 'auto' is CHANNEL). */
public enum NormalizationDimension {
    /** One statistic per channel. */
    CHANNEL("channel"),
    /** One statistic per element of the input (a mean image). */
    ELEMENT("element"),
    /** One statistic for the whole input. */
    ALL("all");

    private final String matlabName;

    NormalizationDimension(String matlabName) {
        this.matlabName = matlabName;
    }

    public String matlabName() {
        return matlabName;
    }

    public static NormalizationDimension parse(String name) {
        if ("auto".equalsIgnoreCase(name.trim())) {
            return CHANNEL;
        }
        for (NormalizationDimension d : values()) {
            if (d.matlabName.equalsIgnoreCase(name.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown NormalizationDimension '" + name
                + "'; expected auto, channel, element or all");
    }

    /** Number of statistics for an input of this many channels and elements per channel. */
    int count(int channels, int perChannel) {
        switch (this) {
            case CHANNEL: return channels;
            case ELEMENT: return channels * perChannel;
            default: return 1;
        }
    }

    /** Which statistic element i (flat index into [C, spatial...]) uses. */
    int statisticIndex(int i, int perChannel) {
        switch (this) {
            case CHANNEL: return i / perChannel;
            case ELEMENT: return i;
            default: return 0;
        }
    }
}
