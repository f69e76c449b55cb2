package dev.dicenet.tensor.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.ConvSpec;
import dev.dicenet.tensor.DiceOptions;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.LossGradient;
import dev.dicenet.tensor.ReferenceBackend;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * What every backend must satisfy: agreement with the reference backend on every op, on random shapes
 * whose sizes are rarely multiples of a vector width or work-group size (tails), batch 1-4, channels
 * 1-17. Tolerance: sums are taken in another order, so |candidate - reference| <= 1e-5 * (1 + max
 * |reference|) * sqrt(terms per output) for convolutions and 1e-6 relative elsewhere; integer outputs
 * (argmax) and single IEEE operations (add, mul, relu) must be equal. A backend's test extends this
 * class and names the candidate.
 */
public abstract class AgreementContract {
    private final Backend ref = new ReferenceBackend();
    private final Backend vec = candidate();

    /** The backend under test (may be shared between instances). */
    protected abstract Backend candidate();

    public static Tensor random(Random r, Shape s) {
        Tensor t = Tensor.zeros(s);
        float[] v = t.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (2 * r.nextDouble() - 1);
        }
        return t;
    }

    /** An output tensor full of NaN: an op that leaves any element unwritten fails the comparison. */
    public static Tensor dirty(Shape s) {
        Tensor t = Tensor.zeros(s);
        java.util.Arrays.fill(t.data(), Float.NaN);
        return t;
    }

    public static void close(Tensor expected, Tensor actual, double terms, String what) {
        float[] e = expected.data();
        float[] a = actual.data();
        double max = 0;
        for (float v : e) {
            max = Math.max(max, Math.abs(v));
        }
        double tol = 1e-5 * (1 + max) * Math.sqrt(Math.max(1, terms));
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol, what + " at " + i + " of " + expected.shape());
        }
    }

    @Property
    public void convolutions(@ForAll @IntRange(min = 2, max = 3) int rank, @ForAll @IntRange(min = 1, max = 5) int k,
                      @ForAll @IntRange(min = 1, max = 3) int stride, @ForAll @IntRange(min = 0, max = 2) int padBefore,
                      @ForAll @IntRange(min = 0, max = 2) int padAfter, @ForAll @IntRange(min = 1, max = 2) int dilation,
                      @ForAll @IntRange(min = 1, max = 4) int batch, @ForAll @IntRange(min = 1, max = 17) int channels,
                      @ForAll @IntRange(min = 1, max = 17) int filters, @ForAll long seed) {
        Random r = new Random(seed);
        int kk = rank == 3 ? Math.min(k, 3) : k;
        int[] st = new int[rank];
        int[] di = new int[rank];
        int[] pad = new int[2 * rank];
        int[] xd = new int[rank + 2];
        int[] wd = new int[rank + 2];
        xd[0] = batch;
        xd[1] = channels;
        wd[0] = filters;
        wd[1] = channels;
        for (int a = 0; a < rank; a++) {
            st[a] = a == rank - 1 ? stride : 1 + r.nextInt(2);
            di[a] = dilation;
            pad[2 * a] = padBefore;
            pad[2 * a + 1] = padAfter;
            wd[a + 2] = kk;
            int span = dilation * (kk - 1) + 1;
            xd[a + 2] = Math.max(1, span - padBefore - padAfter) + r.nextInt(rank == 3 ? 4 : 23);
        }
        ConvSpec spec = rank == 2 ? ConvSpec.of2d(st, pad, di) : ConvSpec.of3d(st, pad, di);
        Shape xs = Shape.of(xd);
        Shape ws = Shape.of(wd);
        Shape ys = spec.convOutputShape(xs, ws);
        Tensor x = random(r, xs);
        Tensor w = random(r, ws);
        Tensor b = random(r, Shape.of(filters));
        Tensor dy = random(r, ys);
        double terms = (double) channels * ws.sizeFrom(2);

        Tensor y1 = Tensor.zeros(ys);
        Tensor y2 = dirty(ys);
        ref.conv(x, w, b, spec, y1);
        vec.conv(x, w, b, spec, y2);
        close(y1, y2, terms, "conv");

        Tensor dx1 = Tensor.zeros(xs);
        Tensor dx2 = dirty(xs);
        ref.convBackwardData(dy, w, spec, dx1);
        vec.convBackwardData(dy, w, spec, dx2);
        close(dx1, dx2, filters * (double) ws.sizeFrom(2), "conv backward data");

        Tensor dw1 = Tensor.zeros(ws);
        Tensor dw2 = dirty(ws);
        ref.convBackwardWeights(dy, x, spec, dw1);
        vec.convBackwardWeights(dy, x, spec, dw2);
        close(dw1, dw2, ys.size() / (double) filters, "conv backward weights");

        // input normalization fused into the convolution (the reference composes affine + conv)
        Tensor scale = random(r, Shape.of(channels));
        Tensor offset = random(r, Shape.of(channels));
        for (boolean relu : new boolean[] {false, true}) {
            Tensor f1 = Tensor.zeros(ys);
            Tensor f2 = dirty(ys);
            ref.convOfAffineInput(x, scale, offset, Tensor.zeros(xs), w, b, spec, relu, f1);
            vec.convOfAffineInput(x, scale, offset, dirty(xs), w, b, spec, relu, f2);
            close(f1, f2, terms, "conv of affine input, relu " + relu);
        }
        Tensor normalized = Tensor.zeros(xs);
        ref.convOfAffineInput(x, scale, offset, normalized, w, b, spec, false, Tensor.zeros(ys)); // fills it
        Tensor fw1 = Tensor.zeros(ws);
        Tensor fw2 = dirty(ws);
        ref.convBackwardWeightsOfAffineInput(dy, x, scale, offset, normalized, spec, fw1);
        vec.convBackwardWeightsOfAffineInput(dy, x, scale, offset, dirty(xs), spec, fw2);
        close(fw1, fw2, ys.size() / (double) filters, "conv backward weights of affine input");

        Tensor db1 = Tensor.zeros(filters);
        Tensor db2 = dirty(Shape.of(filters));
        ref.biasGradient(dy, db1);
        vec.biasGradient(dy, db2);
        close(db1, db2, ys.size() / (double) filters, "bias gradient");

        // The transposed convolution with the same weights maps ys-shaped tensors [N, filters, ...]
        // to [N, channels, ...] of its natural output size (when the cropping leaves any).
        for (int a = 0; a < rank; a++) {
            if ((ys.dim(a + 2) - 1) * st[a] + dilation * (kk - 1) + 1 - padBefore - padAfter < 1) {
                return;
            }
        }
        Shape ts = spec.transposedOutputShape(ys, ws);
        Tensor t1 = Tensor.zeros(ts);
        Tensor t2 = dirty(ts);
        Tensor tb = random(r, Shape.of(channels));
        ref.convTranspose(dy, w, tb, spec, t1);
        vec.convTranspose(dy, w, tb, spec, t2);
        close(t1, t2, terms, "transposed conv");
        Tensor dt = random(r, ts);
        Tensor tdx1 = Tensor.zeros(ys);
        Tensor tdx2 = dirty(ys);
        ref.convTransposeBackwardData(dt, w, spec, tdx1);
        vec.convTransposeBackwardData(dt, w, spec, tdx2);
        close(tdx1, tdx2, terms, "transposed conv backward data");
        Tensor tdw1 = Tensor.zeros(ws);
        Tensor tdw2 = dirty(ws);
        ref.convTransposeBackwardWeights(dt, dy, spec, tdw1);
        vec.convTransposeBackwardWeights(dt, dy, spec, tdw2);
        close(tdw1, tdw2, ys.size() / (double) filters, "transposed conv backward weights");
    }

    @Property
    public void channelOps(@ForAll @IntRange(min = 1, max = 4) int batch, @ForAll @IntRange(min = 1, max = 17) int channels,
                    @ForAll @IntRange(min = 1, max = 37) int h, @ForAll @IntRange(min = 1, max = 41) int w,
                    @ForAll long seed) {
        Random r = new Random(seed);
        Shape s = Shape.of(batch, channels, h, w);
        Tensor x = random(r, s);
        x.data()[0] = 1e4f; // stability for large logits
        Tensor dy = random(r, s);
        Tensor a = Tensor.zeros(s);
        Tensor b = Tensor.zeros(s);
        ref.softmax(x, a);
        vec.softmax(x, b);
        close(a, b, 1, "softmax");
        Tensor g1 = Tensor.zeros(s);
        Tensor g2 = Tensor.zeros(s);
        ref.softmaxBackward(a, dy, g1);
        vec.softmaxBackward(a, dy, g2);
        close(g1, g2, channels, "softmax backward");
        ref.relu(x, a);
        vec.relu(x, b);
        assertArrayEquals(a.data(), b.data(), "relu");
        ref.reluBackward(a, dy, g1);
        vec.reluBackward(a, dy, g2);
        assertArrayEquals(g1.data(), g2.data(), "relu backward");
        LabelMap l1 = LabelMap.zeros(Shape.of(batch, h, w));
        LabelMap l2 = LabelMap.zeros(Shape.of(batch, h, w));
        ref.argmax(dy, l1);
        vec.argmax(dy, l2);
        assertArrayEquals(l1.labels(), l2.labels(), "argmax");
        Tensor scale = random(r, s.dropFirst());
        Tensor offset = random(r, s.dropFirst());
        ref.affine(x, scale, offset, a);
        vec.affine(x, scale, offset, b);
        close(a, b, 1, "affine");
        ref.affineBackward(dy, scale, a);
        vec.affineBackward(dy, scale, b);
        close(a, b, 1, "affine backward");
    }

    @Property
    public void elementwiseAndReductions(@ForAll @IntRange(min = 1, max = 200_000) int n, @ForAll long seed) {
        Random r = new Random(seed);
        Shape s = Shape.of(n);
        Tensor x = random(r, s);
        Tensor y = random(r, s);
        Tensor a = Tensor.zeros(s);
        Tensor b = Tensor.zeros(s);
        ref.add(x, y, a);
        vec.add(x, y, b);
        assertArrayEquals(a.data(), b.data());
        ref.mul(x, y, a);
        vec.mul(x, y, b);
        assertArrayEquals(a.data(), b.data());
        ref.axpy(0.3f, x, a);
        vec.axpy(0.3f, x, b);
        close(a, b, 1, "axpy");
        ref.scale(-1.5f, a);
        vec.scale(-1.5f, b);
        close(a, b, 1, "scale");
        vec.copy(x, b);
        assertArrayEquals(x.data(), b.data());
        vec.fill(b, 2.5f);
        assertEquals(2.5f * n, (float) vec.sum(b), 1e-3 * n);
        // float lane sums over blocks of 4096, then double: error bounded by ~1e-6 of the L1 mass
        double mass = 0;
        for (float v : x.data()) {
            mass += Math.abs(v);
        }
        assertEquals(ref.sum(x), vec.sum(x), 1e-6 * mass + 1e-9);
        assertEquals(ref.dot(x, y), vec.dot(x, y), 1e-6 * mass + 1e-9);
    }

    @Property
    public void losses(@ForAll DiceOptions.WeightType weights, @ForAll DiceOptions.Denominator denominator,
                @ForAll DiceOptions.AbsentClassPolicy policy, @ForAll DiceOptions.Reduction reduction,
                @ForAll boolean logits, @ForAll @IntRange(min = 1, max = 4) int batch,
                @ForAll @IntRange(min = 2, max = 17) int classes, @ForAll @IntRange(min = 1, max = 53) int w,
                @ForAll long seed) {
        Random r = new Random(seed);
        Shape s = Shape.of(batch, classes, 3, w);
        Tensor y = Tensor.zeros(s);
        ref.softmax(random(r, s), y);
        int[] l = new int[batch * 3 * w];
        int present = Math.max(1, classes - r.nextInt(3));
        for (int i = 0; i < l.length; i++) {
            l[i] = r.nextInt(6) == 0 ? LabelMap.UNDEFINED : r.nextInt(present);
        }
        LabelMap t = LabelMap.wrap(Shape.of(batch, 3, w), l);
        DiceOptions o = DiceOptions.defaults().weightType(weights).denominator(denominator).absentClassPolicy(policy)
                .reduction(reduction);
        LossGradient target = logits ? LossGradient.LOGITS : LossGradient.PROBABILITIES;
        Tensor g1 = Tensor.zeros(s);
        Tensor g2 = Tensor.zeros(s);
        double[] p1 = new double[batch];
        double[] p2 = new double[batch];
        double l1 = ref.diceLoss(y, t, o, g1, target, p1);
        double l2 = vec.diceLoss(y, t, o, g2, target, p2);
        assertEquals(l1, l2, 1e-6 * (1 + Math.abs(l1)), "dice loss " + o);
        assertArrayEquals(p1, p2, 1e-6, "per observation");
        close(g1, g2, 1, "dice gradient " + o);
        float[] cw = new float[classes];
        for (int k = 0; k < classes; k++) {
            cw[k] = 0.1f + r.nextFloat();
        }
        double c1 = ref.crossEntropyLoss(y, t, cw, g1, target);
        double c2 = vec.crossEntropyLoss(y, t, cw, g2, target);
        assertEquals(c1, c2, 1e-6 * (1 + Math.abs(c1)));
        close(g1, g2, 1, "cross-entropy gradient");
    }

    @Property
    public void optimizers(@ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
        Random r = new Random(seed);
        Shape s = Shape.of(n);
        Tensor p1 = random(r, s);
        Tensor p2 = p1.copy();
        Tensor g = random(r, s);
        Tensor v1 = random(r, s);
        Tensor v2 = v1.copy();
        ref.sgdmUpdate(p1, g, v1, 0.01f, 0.9f, 1e-4f);
        vec.sgdmUpdate(p2, g, v2, 0.01f, 0.9f, 1e-4f);
        close(p1, p2, 1, "sgdm parameters");
        close(v1, v2, 1, "sgdm velocity");
        Tensor m1 = Tensor.zeros(s);
        Tensor m2 = Tensor.zeros(s);
        Tensor q1 = Tensor.zeros(s);
        Tensor q2 = Tensor.zeros(s);
        for (int step = 1; step <= 3; step++) {
            ref.adamUpdate(p1, g, m1, q1, 0.001f, 0.9f, 0.999f, 1e-8f, step, 1e-4f);
            vec.adamUpdate(p2, g, m2, q2, 0.001f, 0.9f, 0.999f, 1e-8f, step, 1e-4f);
        }
        close(p1, p2, 1, "adam parameters");
    }
}
