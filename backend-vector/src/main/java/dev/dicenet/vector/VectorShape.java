package dev.dicenet.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/** The one float species (the platform's preferred width) and the int species of the same shape. */
final class VectorShape {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    static final int LANES = F.length();

    private VectorShape() {
    }

    static String describe() {
        return "Panama Vector API, " + F.vectorBitSize() + "-bit (" + LANES + " float lanes)";
    }

    /** n rounded up to a multiple of the lane count. */
    static int padded(int n) {
        return (n + LANES - 1) / LANES * LANES;
    }
}
