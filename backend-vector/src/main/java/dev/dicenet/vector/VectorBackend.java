package dev.dicenet.vector;

import static dev.dicenet.vector.VectorShape.F;
import static dev.dicenet.vector.VectorShape.LANES;

import dev.dicenet.tensor.AdamUpdate;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.ConvGeometry;
import dev.dicenet.tensor.ConvSpec;
import dev.dicenet.tensor.DiceOptions;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.LossGradient;
import dev.dicenet.tensor.OpChecks;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import jdk.incubator.vector.FloatVector;

/**
 * The Backend SPI on the Panama Vector API, using a shared pool of {@code threads} threads
 * (property {@code dicenet.vector.threads}, default: available processors). Every op agrees with
 * the reference backend within float rounding (sums in a different order; see the agreement
 * tests for the stated tolerances). Results do not depend on the thread count or on scheduling.
 * Not thread-safe (workspaces are reused across calls): use one instance per thread.
 */
public final class VectorBackend implements Backend {
    public static final String NAME = "vector";
    public static final String THREADS_PROPERTY = "dicenet.vector.threads";

    private final Parallel parallel;
    private final Workspace workspace = Workspace.create();
    private final VectorConvolution conv;
    private final VectorElementwise elementwise;
    private final VectorSoftmax channels;
    private final VectorLosses losses;

    public VectorBackend(int threads) {
        parallel = new Parallel(threads);
        conv = new VectorConvolution(parallel, workspace);
        elementwise = new VectorElementwise(parallel, workspace);
        channels = new VectorSoftmax(parallel);
        losses = new VectorLosses(parallel, workspace, channels);
    }

    static int defaultThreads() {
        String p = System.getProperty(THREADS_PROPERTY);
        if (p != null) {
            try {
                int t = Integer.parseInt(p.trim());
                if (t >= 1) {
                    return t;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException(THREADS_PROPERTY + " must be a number >= 1, got '" + p + "'");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    public int threads() {
        return parallel.threads();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void conv(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        ConvGeometry g = ConvGeometry.forConv(x.shape(), w.shape(), shapeOf(bias), y.shape(), spec);
        conv.forward(g, x.data(), w.data(), dataOf(bias), y.data());
    }

    @Override
    public void convRelu(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        ConvGeometry g = ConvGeometry.forConv(x.shape(), w.shape(), shapeOf(bias), y.shape(), spec);
        conv.forward(g, x.data(), w.data(), dataOf(bias), y.data(), true, null, null);
    }

    /** Fused: the per-channel map is applied while gathering each output row; {@code normalized} is never written. */
    @Override
    public void convOfAffineInput(Tensor x, Tensor scale, Tensor offset, Tensor normalized, Tensor w, Tensor bias,
                                  ConvSpec spec, boolean relu, Tensor y) {
        OpChecks.channelAffine("conv of affine input", x, scale, offset);
        ConvGeometry g = ConvGeometry.forConv(x.shape(), w.shape(), shapeOf(bias), y.shape(), spec);
        conv.forward(g, x.data(), w.data(), dataOf(bias), y.data(), relu, scale.data(), offset.data());
    }

    @Override
    public void convBackwardWeightsOfAffineInput(Tensor dy, Tensor x, Tensor scale, Tensor offset, Tensor normalized,
                                                 ConvSpec spec, Tensor dw) {
        OpChecks.channelAffine("conv backward weights of affine input", x, scale, offset);
        ConvGeometry g = ConvGeometry.forConv(x.shape(), dw.shape(), null, dy.shape(), spec);
        conv.backwardWeights(g, dy.data(), x.data(), dw.data(), scale.data(), offset.data());
    }

    @Override
    public void convBackwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        ConvGeometry g = ConvGeometry.forConv(dx.shape(), w.shape(), null, dy.shape(), spec);
        conv.backwardData(g, dy.data(), w.data(), null, dx.data());
    }

    @Override
    public void convBackwardWeights(Tensor dy, Tensor x, ConvSpec spec, Tensor dw) {
        ConvGeometry g = ConvGeometry.forConv(x.shape(), dw.shape(), null, dy.shape(), spec);
        conv.backwardWeights(g, dy.data(), x.data(), dw.data());
    }

    @Override
    public void convTranspose(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        ConvGeometry g = ConvGeometry.forTransposed(x.shape(), w.shape(), shapeOf(bias), y.shape(), spec);
        conv.backwardData(g, x.data(), w.data(), dataOf(bias), y.data());
    }

    @Override
    public void convTransposeBackwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        ConvGeometry g = ConvGeometry.forTransposed(dx.shape(), w.shape(), null, dy.shape(), spec);
        conv.forward(g, dy.data(), w.data(), null, dx.data(), false, null, null);
    }

    @Override
    public void convTransposeBackwardWeights(Tensor dy, Tensor x, ConvSpec spec, Tensor dw) {
        ConvGeometry g = ConvGeometry.forTransposed(x.shape(), dw.shape(), null, dy.shape(), spec);
        conv.backwardWeights(g, x.data(), dy.data(), dw.data());
    }

    @Override
    public void biasGradient(Tensor dyT, Tensor dbT) {
        OpChecks.biasGradient(dyT, dbT);
        float[] dy = dyT.data();
        float[] db = dbT.data();
        int n = dyT.shape().dim(0);
        int f = dyT.shape().dim(1);
        int m = dyT.shape().sizeFrom(2);
        double[] partial = workspace.partials(n * f, 1);
        parallel.forEach(n * f, task -> {
            double s = 0;
            int base = task * m;
            float[] lanes = Workspace.buffer(3, LANES);
            for (int blk = 0; blk < m; blk += 4096) {
                int end = Math.min(m, blk + 4096);
                FloatVector acc = FloatVector.zero(F);
                int i = blk;
                for (; i + LANES <= end; i += LANES) {
                    acc = acc.add(FloatVector.fromArray(F, dy, base + i));
                }
                acc.intoArray(lanes, 0);
                double b = VectorShape.sumLanes(lanes);
                for (; i < end; i++) {
                    b += dy[base + i];
                }
                s += b;
            }
            partial[task] = s;
        });
        for (int c = 0; c < f; c++) {
            double s = 0;
            for (int obs = 0; obs < n; obs++) {
                s += partial[obs * f + c];
            }
            db[c] = (float) s;
        }
    }

    @Override
    public void relu(Tensor x, Tensor y) {
        OpChecks.sameShape("relu", x, y);
        elementwise.relu(x.data(), y.data());
    }

    @Override
    public void reluBackward(Tensor y, Tensor dy, Tensor dx) {
        OpChecks.sameShape("relu backward", y, dy, dx);
        elementwise.reluBackward(y.data(), dy.data(), dx.data());
    }

    @Override
    public void softmax(Tensor x, Tensor y) {
        OpChecks.channelTensor("softmax", x);
        OpChecks.sameShape("softmax", x, y);
        Shape s = x.shape();
        channels.softmax(x.data(), y.data(), s.dim(0), s.dim(1), s.sizeFrom(2));
    }

    @Override
    public void softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        OpChecks.channelTensor("softmax backward", y);
        OpChecks.sameShape("softmax backward", y, dy, dx);
        Shape s = y.shape();
        channels.softmaxBackward(y.data(), dy.data(), dx.data(), s.dim(0), s.dim(1), s.sizeFrom(2));
    }

    @Override
    public void affine(Tensor x, Tensor scale, Tensor offset, Tensor y) {
        OpChecks.sameShape("affine", x, y);
        OpChecks.broadcastOperand("affine scale", x, scale);
        OpChecks.broadcastOperand("affine offset", x, offset);
        elementwise.affine(x.data(), scale.data(), offset.data(), y.data());
    }

    @Override
    public void affineBackward(Tensor dy, Tensor scale, Tensor dx) {
        OpChecks.sameShape("affine backward", dy, dx);
        OpChecks.broadcastOperand("affine backward scale", dy, scale);
        elementwise.affineBackward(dy.data(), scale.data(), dx.data());
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        OpChecks.sameShape("add", a, b, out);
        elementwise.add(a.data(), b.data(), out.data());
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out) {
        OpChecks.sameShape("mul", a, b, out);
        elementwise.mul(a.data(), b.data(), out.data());
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        OpChecks.sameShape("axpy", x, y);
        elementwise.axpy(alpha, x.data(), y.data());
    }

    @Override
    public void scale(float alpha, Tensor x) {
        elementwise.scale(alpha, x.data());
    }

    @Override
    public void fill(Tensor x, float value) {
        elementwise.fill(x.data(), value);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        OpChecks.sameShape("copy", src, dst);
        elementwise.copy(src.data(), dst.data());
    }

    @Override
    public double sum(Tensor x) {
        return elementwise.dot(x.data(), null);
    }

    @Override
    public double dot(Tensor a, Tensor b) {
        OpChecks.sameShape("dot", a, b);
        return elementwise.dot(a.data(), b.data());
    }

    @Override
    public void argmax(Tensor scores, LabelMap labels) {
        OpChecks.argmax(scores, labels);
        Shape s = scores.shape();
        channels.argmax(scores.data(), labels.labels(), s.dim(0), s.dim(1), s.sizeFrom(2));
    }

    @Override
    public double diceLoss(Tensor y, LabelMap labels, DiceOptions options, Tensor grad, LossGradient target,
                           double[] perObservation) {
        OpChecks.loss("generalized Dice loss", y, labels, grad);
        Shape s = y.shape();
        return losses.dice(y.data(), labels.labels(), s.dim(0), s.dim(1), s.sizeFrom(2), options,
                grad == null ? null : grad.data(), target, perObservation);
    }

    @Override
    public double crossEntropyLoss(Tensor y, LabelMap labels, float[] classWeights, Tensor grad, LossGradient target) {
        OpChecks.loss("cross-entropy loss", y, labels, grad);
        OpChecks.classWeights(classWeights, y.shape().dim(1));
        Shape s = y.shape();
        return losses.crossEntropy(y.data(), labels.labels(), s.dim(0), s.dim(1), s.sizeFrom(2), classWeights,
                grad == null ? null : grad.data(), target);
    }

    @Override
    public void sgdmUpdate(Tensor paramT, Tensor gradT, Tensor velocityT, float learnRate, float momentum, float l2) {
        OpChecks.sameShape("sgdm update", paramT, gradT, velocityT);
        float[] p = paramT.data();
        float[] g = gradT.data();
        float[] v = velocityT.data();
        int i = 0;
        for (; i + LANES <= p.length; i += LANES) {
            FloatVector pv = FloatVector.fromArray(F, p, i);
            FloatVector gv = FloatVector.fromArray(F, g, i).add(pv.mul(l2));
            FloatVector vv = FloatVector.fromArray(F, v, i).mul(momentum).sub(gv.mul(learnRate));
            vv.intoArray(v, i);
            pv.add(vv).intoArray(p, i);
        }
        for (; i < p.length; i++) {
            v[i] = momentum * v[i] - learnRate * (g[i] + l2 * p[i]);
            p[i] += v[i];
        }
    }

    @Override
    public void adamUpdate(Tensor paramT, Tensor gradT, Tensor mT, Tensor vT, float learnRate, float beta1, float beta2,
                           float epsilon, int step, float l2) {
        OpChecks.sameShape("adam update", paramT, gradT, mT);
        OpChecks.sameShape("adam update", paramT, vT);
        AdamUpdate.apply(paramT.data(), gradT.data(), mT.data(), vT.data(), learnRate, beta1, beta2, epsilon, step, l2);
    }

    private static Shape shapeOf(Tensor t) {
        return t == null ? null : t.shape();
    }

    private static float[] dataOf(Tensor t) {
        return t == null ? null : t.data();
    }
}
