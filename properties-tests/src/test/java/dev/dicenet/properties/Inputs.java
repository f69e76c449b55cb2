package dev.dicenet.properties;

import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.ReferenceBackend;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.util.Random;

/** Random tensors and label maps for the properties, from a seed jqwik generates (so failures replay). */
final class Inputs {
    private Inputs() {
    }

    static Tensor uniform(Random r, Shape s, double lo, double hi) {
        Tensor t = Tensor.zeros(s);
        float[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return t;
    }

    /** Values in +-[gap, 1]: away from ReLU's kink by more than the gradient check's step. */
    static Tensor awayFromZero(Random r, Shape s, double gap) {
        Tensor t = Tensor.zeros(s);
        float[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            double m = gap + (1 - gap) * r.nextDouble();
            v[i] = (float) (r.nextBoolean() ? m : -m);
        }
        return t;
    }

    /** Softmax of random logits: probabilities over the channel axis. */
    static Tensor probabilities(Random r, Shape s) {
        Tensor y = Tensor.zeros(s);
        new ReferenceBackend().softmax(uniform(r, s, -2, 2), y);
        return y;
    }

    /** Labels 0..k-1 with a share undefined; classes >= {@code present} never occur (absent classes). */
    static LabelMap labels(Random r, Shape s, int present, double undefinedShare) {
        int[] l = new int[s.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = r.nextDouble() < undefinedShare ? LabelMap.UNDEFINED : r.nextInt(present);
        }
        return LabelMap.wrap(s, l);
    }

    /** [n, c, spatial...] */
    static Shape batched(int n, int c, int... spatial) {
        int[] d = new int[spatial.length + 2];
        d[0] = n;
        d[1] = c;
        System.arraycopy(spatial, 0, d, 2, spatial.length);
        return Shape.of(d);
    }
}
