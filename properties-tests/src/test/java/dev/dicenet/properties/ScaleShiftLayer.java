package dev.dicenet.properties;

import dev.dicenet.layers.Layer;
import dev.dicenet.layers.Parameter;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * A user-written layer: y[n,c,m] = gamma[c] x[n,c,m] + beta[c]. With {@link Fault} it computes a
 * deliberately wrong gradient, to prove that the gradient check catches such mistakes.
 */
class ScaleShiftLayer extends Layer {
    enum Fault { NONE, FLIPPED_SIGN, OFF_BY_ONE, MISSING_TERM }

    private final Fault fault;
    private int flippedIndex = -1;
    private Parameter gamma;
    private Parameter beta;

    ScaleShiftLayer(Fault fault) {
        this.fault = fault;
    }

    @Override
    public String typeName() {
        return "Scale Shift";
    }

    @Override
    public String description() {
        return "per-channel scale and shift";
    }

    @Override
    public String defaultNamePrefix() {
        return "scaleshift";
    }

    @Override
    public Shape outputSize(Shape inputSize) {
        return inputSize;
    }

    @Override
    public void initialize(Shape inputSize, Random random) {
        int c = inputSize.dim(0);
        Tensor g = Tensor.zeros(c);
        Tensor b = Tensor.zeros(c);
        for (int i = 0; i < c; i++) {
            g.set(i, (float) (0.5 + random.nextDouble()));
            b.set(i, (float) random.nextGaussian());
        }
        gamma = new Parameter("gamma", g, 0);
        beta = new Parameter("beta", b, 0);
    }

    @Override
    public List<Parameter> parameters() {
        return gamma == null ? List.of() : List.of(gamma, beta);
    }

    @Override
    public void forward(Backend backend, Tensor xT, Tensor yT) {
        float[] x = xT.data();
        float[] y = yT.data();
        float[] g = gamma.value().data();
        float[] b = beta.value().data();
        int c = xT.shape().dim(1);
        int m = xT.shape().sizeFrom(2);
        for (int i = 0; i < x.length; i++) {
            int ch = i / m % c;
            y[i] = g[ch] * x[i] + b[ch];
        }
    }

    /** The input gradient element whose sign the FLIPPED_SIGN fault flipped (the largest one). */
    int flippedIndex() {
        return flippedIndex;
    }

    @Override
    public void backward(Backend backend, Tensor xT, Tensor yT, Tensor dyT, Tensor dxT) {
        float[] x = xT.data();
        float[] dy = dyT.data();
        float[] g = gamma.value().data();
        float[] dg = gamma.gradient().data();
        float[] db = beta.gradient().data();
        int n = xT.shape().dim(0);
        int c = xT.shape().dim(1);
        int m = xT.shape().sizeFrom(2);
        java.util.Arrays.fill(dg, 0);
        java.util.Arrays.fill(db, 0);
        int observations = fault == Fault.MISSING_TERM ? 1 : n; // the fault forgets the batch sum
        for (int i = 0; i < observations * c * m; i++) {
            int ch = i / m % c;
            dg[ch] += dy[i] * x[i];
            db[ch] += dy[i];
        }
        if (dxT != null) {
            float[] dx = dxT.data();
            // the flipped element is the largest: a flipped near-zero derivative would be no error at all
            flippedIndex = -1;
            for (int i = 0; i < x.length && fault == Fault.FLIPPED_SIGN; i++) {
                if (flippedIndex < 0 || Math.abs(g[i / m % c] * dy[i])
                        > Math.abs(g[flippedIndex / m % c] * dy[flippedIndex])) {
                    flippedIndex = i;
                }
            }
            for (int i = 0; i < x.length; i++) {
                int ch = i / m % c;
                float d = g[ch] * dy[i];
                if (i == flippedIndex) {
                    d = -d;
                }
                if (fault == Fault.OFF_BY_ONE) {
                    d = g[ch] * dy[Math.max(0, i - 1)];
                }
                dx[i] = d;
            }
        }
    }
}
