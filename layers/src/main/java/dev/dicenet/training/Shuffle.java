package dev.dicenet.training;

/** MATLAB's Shuffle option. */
public enum Shuffle {
    /** Shuffle once before training. MATLAB's default. */
    ONCE("once"),
    /** Shuffle before every epoch. */
    EVERY_EPOCH("every-epoch"),
    /** Never shuffle. */
    NEVER("never");

    private final String matlabName;

    Shuffle(String matlabName) {
        this.matlabName = matlabName;
    }

    public String matlabName() {
        return matlabName;
    }

    public static Shuffle parse(String name) {
        for (Shuffle s : values()) {
            if (s.matlabName.equalsIgnoreCase(name.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown Shuffle '" + name + "'; expected once, every-epoch or never");
    }
}
