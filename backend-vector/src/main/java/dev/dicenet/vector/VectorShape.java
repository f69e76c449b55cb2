package dev.dicenet.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/** The one float species (the platform's preferred width) and the int species of the same shape. */
final class VectorShape {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    static final int LANES = F.length();

    /** Shuffles that interleave two vectors a, b: ZIP_LO = a0 b0 a1 b1 ..., ZIP_HI the upper halves. */
    static final jdk.incubator.vector.VectorShuffle<Float> ZIP_LO = zip(0);
    static final jdk.incubator.vector.VectorShuffle<Float> ZIP_HI = zip(LANES / 2);

    private VectorShape() {
    }

    /** Indexes >= LANES select from the second vector of a two-vector rearrange. */
    private static jdk.incubator.vector.VectorShuffle<Float> zip(int from) {
        int[] idx = new int[LANES];
        for (int i = 0; i < LANES / 2; i++) {
            idx[2 * i] = from + i;
            idx[2 * i + 1] = LANES + from + i;
        }
        return jdk.incubator.vector.VectorShuffle.fromArray(F, idx, 0);
    }

    static String describe() {
        return "Panama Vector API, " + F.vectorBitSize() + "-bit (" + LANES + " float lanes)";
    }

    /** n rounded up to a multiple of the lane count. */
    static int padded(int n) {
        return (n + LANES - 1) / LANES * LANES;
    }
}
