package dev.dicenet.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/** The one float species (the platform's preferred width) and the int species of the same shape. */
final class VectorShape {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    static final int LANES = F.length();

    /**
     * Interleaving two vectors a, b (a0 b0 a1 b1 ...) as rearranges within one vector and a blend:
     * DUP_LO = [0 0 1 1 ...], DUP_HI = [L/2 L/2 L/2+1 ...], ODD = the odd lanes. (JDK 17's two-vector
     * rearrange rebuilds its shuffle on every call, allocating.)
     */
    static final jdk.incubator.vector.VectorShuffle<Float> DUP_LO = duplicate(0);
    static final jdk.incubator.vector.VectorShuffle<Float> DUP_HI = duplicate(LANES / 2);
    static final jdk.incubator.vector.VectorMask<Float> ODD = odd();

    private VectorShape() {
    }

    private static jdk.incubator.vector.VectorShuffle<Float> duplicate(int from) {
        int[] idx = new int[LANES];
        for (int i = 0; i < LANES; i++) {
            idx[i] = from + i / 2;
        }
        return jdk.incubator.vector.VectorShuffle.fromArray(F, idx, 0);
    }

    private static jdk.incubator.vector.VectorMask<Float> odd() {
        boolean[] odd = new boolean[LANES];
        for (int i = 0; i < LANES; i++) {
            odd[i] = i % 2 == 1;
        }
        return jdk.incubator.vector.VectorMask.fromArray(F, odd, 0);
    }

    /**
     * The sum of lanes written by {@code v.intoArray(lanes, 0)}, in lane order. (reduceLanes(ADD) may add
     * in any order, and compiled and interpreted code do differ, so results would depend on JIT timing.
     * Vectors are stored to an array rather than passed here: a vector crossing a call C2 does not
     * inline is boxed.)
     */
    static double sumLanes(float[] lanes) {
        double s = 0;
        for (int i = 0; i < LANES; i++) {
            s += lanes[i];
        }
        return s;
    }

    static String describe() {
        return "Panama Vector API, " + F.vectorBitSize() + "-bit (" + LANES + " float lanes)";
    }

    /** n rounded up to a multiple of the lane count. */
    static int padded(int n) {
        return (n + LANES - 1) / LANES * LANES;
    }
}
