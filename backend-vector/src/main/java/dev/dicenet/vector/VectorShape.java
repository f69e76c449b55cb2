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
     * The sum of the lanes in lane order. (reduceLanes(ADD) may add in any order, and compiled and
     * interpreted code do differ: results would depend on JIT timing.)
     */
    static double sum(jdk.incubator.vector.FloatVector v) {
        double s = 0;
        for (int i = 0; i < LANES; i++) {
            s += v.lane(i);
        }
        return s;
    }

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;            // ln 2 split for exact range reduction
    private static final float LN2_LO = -2.12194440e-4f;

    /**
     * e^x from IEEE-exact operations only (Cephes' expf: x = k ln2 + r, |r| <= ln2/2, a degree-5
     * polynomial for e^r, then 2^k through the exponent bits), accurate to about 2 ulp. Unlike
     * lanewise(EXP), whose accuracy is implementation-defined, it gives the same bits compiled or not.
     * Inputs below -87 give 0 (softmax shifts by the maximum, so its inputs are <= 0).
     */
    static jdk.incubator.vector.FloatVector exp(jdk.incubator.vector.FloatVector x) {
        jdk.incubator.vector.FloatVector xc = x.max(-87.3f).min(88.3f);
        // k = floor(x log2e + 1/2), from a truncating conversion corrected where it rounded up
        jdk.incubator.vector.FloatVector t = xc.mul(LOG2E).add(0.5f);
        jdk.incubator.vector.IntVector ti = (jdk.incubator.vector.IntVector) t.convert(
                jdk.incubator.vector.VectorOperators.F2I, 0);
        jdk.incubator.vector.FloatVector tf = (jdk.incubator.vector.FloatVector) ti.convert(
                jdk.incubator.vector.VectorOperators.I2F, 0);
        jdk.incubator.vector.VectorMask<Float> up = tf.compare(jdk.incubator.vector.VectorOperators.GT, t);
        jdk.incubator.vector.FloatVector k = tf.sub(1f, up);
        jdk.incubator.vector.IntVector ki = ti.sub(1, up.cast(I));
        jdk.incubator.vector.FloatVector r = xc.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
        jdk.incubator.vector.FloatVector p = r.mul(1.9875691500e-4f).add(1.3981999507e-3f);
        p = p.mul(r).add(8.3334519073e-3f);
        p = p.mul(r).add(4.1665795894e-2f);
        p = p.mul(r).add(1.6666665459e-1f);
        p = p.mul(r).add(5.0000001201e-1f);
        jdk.incubator.vector.FloatVector r2 = r.mul(r);
        jdk.incubator.vector.FloatVector e = p.mul(r2).add(r).add(1f);
        jdk.incubator.vector.IntVector bits = ki.add(127).lanewise(jdk.incubator.vector.VectorOperators.LSHL, 23);
        jdk.incubator.vector.FloatVector scale = bits.reinterpretAsFloats();
        return e.mul(scale).blend(0f, x.compare(jdk.incubator.vector.VectorOperators.LT, -87.3f));
    }

    static String describe() {
        return "Panama Vector API, " + F.vectorBitSize() + "-bit (" + LANES + " float lanes)";
    }

    /** n rounded up to a multiple of the lane count. */
    static int padded(int n) {
        return (n + LANES - 1) / LANES * LANES;
    }
}
