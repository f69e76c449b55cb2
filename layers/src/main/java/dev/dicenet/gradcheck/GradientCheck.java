package dev.dicenet.gradcheck;

import dev.dicenet.layers.Layer;
import dev.dicenet.layers.OutputLayer;
import dev.dicenet.layers.Parameter;
import dev.dicenet.network.Network;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.LossGradient;
import dev.dicenet.tensor.ReferenceBackend;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Checks a layer's analytic gradients (w.r.t. its input and every learnable parameter) against
 * central differences of its forward, on any backend; or a whole network's parameter gradients
 * against central differences of its loss.
 *
 * <p>What is differentiated: for a hidden layer, the scalar L = sum(r * f(x)) with a fixed random
 * r (so dL/dy = r); for an output layer, its loss against the given labels (w.r.t. its input, the
 * probabilities). L is accumulated in double.
 *
 * <p>Staying meaningful in float32: forward values carry a relative rounding error of about
 * 6e-8 per operation, so a central difference with step h has a noise of about 1e-7 |L| / h;
 * the default step is h = 1e-2 (relative to max(1, |value|)), where that noise is about 1e-5 |L|,
 * while the truncation error O(h^2) stays small for smooth layers. An element passes when
 * {@code |a - n| <= atol + rtol * max(|a|, |n|)} with rtol = 1e-2 (default) and the absolute floor
 * atol = 1e-3 times the largest |n| of the whole check, over all its tensors (they differentiate one
 * loss and share its float32 noise, so entries that are tiny next to the largest gradient are not
 * judged by relative error alone). Large tensors are subsampled (64 elements by default, always
 * including the first and last); a random-direction check compares the directional derivative
 * (L(p + h d) - L(p - h d)) / 2h with the dot product of the analytic gradient and d over all
 * elements (relative error, with |g|/sqrt(n), the typical size of such a derivative, as the floor of
 * the denominator; it must stay under 10 rtol), which catches errors in elements that were not sampled. Non-differentiable points
 * (ReLU at 0) must be kept away from by the inputs: they are the caller's to choose.
 */
public final class GradientCheck {
    private Backend backend = new ReferenceBackend();
    private double step = 1e-2;
    private double rtol = 1e-2;
    private double atolFactor = 1e-3;
    private int samples = 64;
    private long seed = 0;

    private GradientCheck() {
    }

    public static GradientCheck create() {
        return new GradientCheck();
    }

    public GradientCheck backend(Backend b) {
        backend = b;
        return this;
    }

    /** Central difference step, relative to max(1, |value|). */
    public GradientCheck step(double h) {
        if (!(h > 0)) {
            throw new IllegalArgumentException("step must be > 0, got " + h);
        }
        step = h;
        return this;
    }

    /** Relative tolerance and absolute floor factor (atol = factor * max |numeric| over the whole check). */
    public GradientCheck tolerance(double relative, double absoluteFloorFactor) {
        rtol = relative;
        atolFactor = absoluteFloorFactor;
        return this;
    }

    /** Elements checked per tensor (the rest is covered by the random-direction check). */
    public GradientCheck samples(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("samples must be >= 1, got " + n);
        }
        samples = n;
        return this;
    }

    public GradientCheck seed(long s) {
        seed = s;
        return this;
    }

    /**
     * Checks a hidden layer (initialized, or initialized here for x's size) at input x.
     */
    public GradientCheckResult layer(Layer layer, Tensor x) {
        if (layer instanceof OutputLayer) {
            throw new IllegalArgumentException(layer.who() + " is an output layer: use outputLayer(layer, y, labels)");
        }
        Random random = new Random(seed);
        Shape inSize = x.shape().dropFirst();
        if (layer.parameters().isEmpty()) {
            layer.initialize(inSize, random);
        }
        Shape outSize = layer.outputSize(inSize);
        Tensor y = backend.zeros(outSize.withBatch(x.shape().dim(0)));
        Tensor r = Tensor.zeros(y.shape());
        float[] rv = r.data();
        for (int i = 0; i < rv.length; i++) {
            rv[i] = (float) (2 * random.nextDouble() - 1);
        }
        DoubleSupplier loss = () -> {
            layer.forward(backend, x, y);
            return dot(y, r);
        };
        loss.getAsDouble();
        Tensor dx = backend.zeros(x.shape());
        layer.backward(backend, x, y, r, dx);
        List<Measurement> measured = new ArrayList<>();
        measured.add(measure("input", x, dx, loss, random));
        for (Parameter p : layer.parameters()) {
            measured.add(measure(p.name(), p.value(), p.gradient(), loss, random));
        }
        return new GradientCheckResult(layer.who() + " on " + backend.name() + ", input " + x.shape(), judge(measured));
    }

    /** Checks an output layer's loss gradient w.r.t. its input probabilities y. */
    public GradientCheckResult outputLayer(OutputLayer layer, Tensor y, LabelMap labels) {
        Random random = new Random(seed);
        DoubleSupplier loss = () -> layer.lossNamed(backend, y, labels, null, LossGradient.PROBABILITIES, null);
        Tensor dy = backend.zeros(y.shape());
        layer.lossNamed(backend, y, labels, dy, LossGradient.PROBABILITIES, null);
        return new GradientCheckResult(layer.who() + " on " + backend.name() + ", input " + y.shape(),
                judge(List.of(measure("input", y, dy, loss, random))));
    }

    /** Checks the loss gradient of every parameter of a network (layers initialized) on x and labels. */
    public GradientCheckResult network(Network net, Tensor x, LabelMap labels) {
        Random random = new Random(seed);
        net.lossAndGradients(x, labels, null);
        DoubleSupplier loss = () -> net.loss(x, labels, null);
        List<Measurement> measured = new ArrayList<>();
        for (Layer l : net.layers()) {
            for (Parameter p : l.parameters()) {
                Tensor analytic = p.gradient().copy();
                measured.add(measure(l.name() + "." + p.name(), p.value(), analytic, loss, random));
            }
        }
        return new GradientCheckResult("network on " + net.backend().name() + ", input " + x.shape(), judge(measured));
    }

    /** Central differences at sampled elements of one tensor, and the random-direction error. */
    private static final class Measurement {
        String name;
        int size;
        int[] indices;
        float[] analytic;
        double[] numeric;
        double directionalError;
    }

    private Measurement measure(String name, Tensor value, Tensor analyticT, DoubleSupplier loss, Random random) {
        Measurement m = new Measurement();
        m.name = name;
        m.analytic = analyticT.data().clone();
        m.size = m.analytic.length;
        m.indices = sample(m.size, random);
        m.numeric = new double[m.indices.length];
        for (int j = 0; j < m.indices.length; j++) {
            m.numeric[j] = central(value, m.indices[j], loss);
        }
        m.directionalError = directional(value, m.analytic, loss, random);
        return m;
    }

    /**
     * Judges every measurement of one check against one absolute floor: atolFactor times the largest
     * numeric derivative of the whole check (all its tensors differentiate the same loss, so they share
     * its float32 noise; a tensor whose gradient is tiny next to the others is not judged by noise).
     */
    private List<TensorReport> judge(List<Measurement> measured) {
        double scale = 0;
        for (Measurement m : measured) {
            for (double n : m.numeric) {
                scale = Math.max(scale, Math.abs(n));
            }
        }
        double atol = atolFactor * scale + 1e-12;
        List<TensorReport> reports = new ArrayList<>();
        for (Measurement m : measured) {
            double maxAbs = 0;
            double maxRel = 0;
            double worstExcess = -1;
            int worst = m.indices[0];
            double worstA = m.analytic[m.indices[0]];
            double worstN = m.numeric[0];
            boolean ok = true;
            for (int j = 0; j < m.indices.length; j++) {
                double ai = m.analytic[m.indices[j]];
                double ni = m.numeric[j];
                double err = Math.abs(ai - ni);
                double big = Math.max(Math.abs(ai), Math.abs(ni));
                maxAbs = Math.max(maxAbs, err);
                maxRel = Math.max(maxRel, big == 0 ? 0 : err / big);
                double tol = atol + rtol * big;
                double excess = err / tol;
                if (!(err <= tol)) {
                    ok = false;
                }
                if (excess > worstExcess || Double.isNaN(excess)) {
                    worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
                    worst = m.indices[j];
                    worstA = ai;
                    worstN = ni;
                }
            }
            ok &= m.directionalError <= 10 * rtol;
            reports.add(new TensorReport(m.name, m.indices.length, m.size, maxAbs, maxRel, worst, worstA, worstN,
                    m.directionalError, ok));
        }
        return reports;
    }

    /** Relative error of the directional derivative along a random unit direction d. */
    private double directional(Tensor value, float[] analytic, DoubleSupplier loss, Random random) {
        float[] v = value.data();
        double[] dir = new double[v.length];
        double norm = 0;
        for (int i = 0; i < dir.length; i++) {
            dir[i] = random.nextGaussian();
            norm += dir[i] * dir[i];
        }
        norm = Math.sqrt(norm);
        double predicted = 0;
        for (int i = 0; i < dir.length; i++) {
            dir[i] /= norm;
            predicted += analytic[i] * dir[i];
        }
        float[] saved = v.clone();
        double h = step;
        float[] w = value.data();
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (saved[i] + h * dir[i]);
        }
        double up = loss.getAsDouble();
        w = value.data();
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (saved[i] - h * dir[i]);
        }
        double down = loss.getAsDouble();
        System.arraycopy(saved, 0, value.data(), 0, saved.length);
        double measured = (up - down) / (2 * h);
        double big = Math.max(Math.abs(measured), Math.abs(predicted));
        double gradNorm = 0;
        for (float x : analytic) {
            gradNorm += (double) x * x;
        }
        // relative to at least the typical size of a random direction's derivative, |g| / sqrt(n): a
        // direction nearly orthogonal to g would otherwise turn float noise into a large relative error
        double typical = Math.sqrt(gradNorm / analytic.length);
        return Math.abs(measured - predicted) / Math.max(big, typical + 1e-12);
    }

    /** Central difference at one element, with the step actually representable in float. */
    private double central(Tensor value, int i, DoubleSupplier loss) {
        float saved = value.data()[i];
        double h = step * Math.max(1, Math.abs(saved));
        float upV = (float) (saved + h);
        float downV = (float) (saved - h);
        value.data()[i] = upV;
        double up = loss.getAsDouble();
        value.data()[i] = downV;
        double down = loss.getAsDouble();
        value.data()[i] = saved;
        return (up - down) / ((double) upV - downV);
    }

    private int[] sample(int n, Random random) {
        if (n <= samples) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        java.util.TreeSet<Integer> set = new java.util.TreeSet<>();
        set.add(0);
        set.add(n - 1);
        while (set.size() < samples) {
            set.add(random.nextInt(n));
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    private static double dot(Tensor a, Tensor b) {
        float[] x = a.data();
        float[] y = b.data();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += (double) x[i] * y[i];
        }
        return s;
    }
}
