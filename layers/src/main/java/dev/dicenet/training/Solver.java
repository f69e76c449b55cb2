package dev.dicenet.training;

/** MATLAB's solverName of trainingOptions. */
public enum Solver {
    /** Stochastic gradient descent with momentum. */
    SGDM("sgdm"),
    /** Adaptive moment estimation. */
    ADAM("adam");

    private final String matlabName;

    Solver(String matlabName) {
        this.matlabName = matlabName;
    }

    public String matlabName() {
        return matlabName;
    }

    public static Solver parse(String name) {
        for (Solver s : values()) {
            if (s.matlabName.equalsIgnoreCase(name.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown solver '" + name + "'; expected sgdm or adam");
    }
}
