package dev.dicenet.tensor;

/**
 * The scalar reference backend: plain Java written for clarity, the oracle every other backend is
 * tested against, and the fallback that needs no JVM flags. Single-threaded. Not thread-safe (the
 * Dice sums are reused across calls): give each thread its own instance.
 */
public final class ReferenceBackend implements Backend {
    public static final String NAME = "reference";

    private final DiceSums diceSums = new DiceSums();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void conv(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        ConvGeometry g = ConvGeometry.forConv(x.shape(), w.shape(), shapeOf(bias), y.shape(), spec);
        ReferenceConvolution.forward(g, x.data(), w.data(), dataOf(bias), y.data());
    }

    @Override
    public void convBackwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        ConvGeometry g = ConvGeometry.forConv(dx.shape(), w.shape(), null, dy.shape(), spec);
        ReferenceConvolution.backwardData(g, dy.data(), w.data(), null, dx.data());
    }

    @Override
    public void convBackwardWeights(Tensor dy, Tensor x, ConvSpec spec, Tensor dw) {
        ConvGeometry g = ConvGeometry.forConv(x.shape(), dw.shape(), null, dy.shape(), spec);
        ReferenceConvolution.backwardWeights(g, dy.data(), x.data(), dw.data());
    }

    @Override
    public void convTranspose(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        ConvGeometry g = ConvGeometry.forTransposed(x.shape(), w.shape(), shapeOf(bias), y.shape(), spec);
        ReferenceConvolution.backwardData(g, x.data(), w.data(), dataOf(bias), y.data());
    }

    @Override
    public void convTransposeBackwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        ConvGeometry g = ConvGeometry.forTransposed(dx.shape(), w.shape(), null, dy.shape(), spec);
        ReferenceConvolution.forward(g, dy.data(), w.data(), null, dx.data());
    }

    @Override
    public void convTransposeBackwardWeights(Tensor dy, Tensor x, ConvSpec spec, Tensor dw) {
        ConvGeometry g = ConvGeometry.forTransposed(x.shape(), dw.shape(), null, dy.shape(), spec);
        ReferenceConvolution.backwardWeights(g, x.data(), dy.data(), dw.data());
    }

    @Override
    public void biasGradient(Tensor dyT, Tensor dbT) {
        OpChecks.biasGradient(dyT, dbT);
        float[] dy = dyT.data();
        float[] db = dbT.data();
        int n = dyT.shape().dim(0);
        int f = dyT.shape().dim(1);
        int m = dyT.shape().sizeFrom(2);
        for (int c = 0; c < f; c++) {
            double acc = 0;
            for (int obs = 0; obs < n; obs++) {
                for (int i = 0; i < m; i++) {
                    acc += dy[(obs * f + c) * m + i];
                }
            }
            db[c] = (float) acc;
        }
    }

    @Override
    public void relu(Tensor xT, Tensor yT) {
        OpChecks.sameShape("relu", xT, yT);
        float[] x = xT.data();
        float[] y = yT.data();
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] > 0 ? x[i] : 0f;
        }
    }

    @Override
    public void reluBackward(Tensor yT, Tensor dyT, Tensor dxT) {
        OpChecks.sameShape("relu backward", yT, dyT, dxT);
        float[] y = yT.data();
        float[] dy = dyT.data();
        float[] dx = dxT.data();
        for (int i = 0; i < y.length; i++) {
            dx[i] = y[i] > 0 ? dy[i] : 0f;
        }
    }

    @Override
    public void softmax(Tensor xT, Tensor yT) {
        OpChecks.channelTensor("softmax", xT);
        OpChecks.sameShape("softmax", xT, yT);
        float[] x = xT.data();
        float[] y = yT.data();
        int n = xT.shape().dim(0);
        int k = xT.shape().dim(1);
        int m = xT.shape().sizeFrom(2);
        for (int obs = 0; obs < n; obs++) {
            for (int px = 0; px < m; px++) {
                int base = obs * k * m + px;
                float max = Float.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    max = Math.max(max, x[base + c * m]);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    sum += Math.exp(x[base + c * m] - max); // shifted: exp never overflows
                }
                for (int c = 0; c < k; c++) {
                    y[base + c * m] = (float) (Math.exp(x[base + c * m] - max) / sum);
                }
            }
        }
    }

    @Override
    public void softmaxBackward(Tensor yT, Tensor dyT, Tensor dxT) {
        OpChecks.channelTensor("softmax backward", yT);
        OpChecks.sameShape("softmax backward", yT, dyT, dxT);
        float[] y = yT.data();
        float[] dy = dyT.data();
        float[] dx = dxT.data();
        int n = yT.shape().dim(0);
        int k = yT.shape().dim(1);
        int m = yT.shape().sizeFrom(2);
        for (int obs = 0; obs < n; obs++) {
            for (int px = 0; px < m; px++) {
                int base = obs * k * m + px;
                double dot = 0;
                for (int c = 0; c < k; c++) {
                    dot += (double) y[base + c * m] * dy[base + c * m];
                }
                for (int c = 0; c < k; c++) {
                    dx[base + c * m] = (float) (y[base + c * m] * (dy[base + c * m] - dot));
                }
            }
        }
    }

    @Override
    public void affine(Tensor xT, Tensor scaleT, Tensor offsetT, Tensor yT) {
        OpChecks.sameShape("affine", xT, yT);
        OpChecks.broadcastOperand("affine scale", xT, scaleT);
        OpChecks.broadcastOperand("affine offset", xT, offsetT);
        float[] x = xT.data();
        float[] s = scaleT.data();
        float[] o = offsetT.data();
        float[] y = yT.data();
        for (int i = 0; i < x.length; i++) {
            int j = i % s.length;
            y[i] = x[i] * s[j] + o[j];
        }
    }

    @Override
    public void affineBackward(Tensor dyT, Tensor scaleT, Tensor dxT) {
        OpChecks.sameShape("affine backward", dyT, dxT);
        OpChecks.broadcastOperand("affine backward scale", dyT, scaleT);
        float[] dy = dyT.data();
        float[] s = scaleT.data();
        float[] dx = dxT.data();
        for (int i = 0; i < dy.length; i++) {
            dx[i] = dy[i] * s[i % s.length];
        }
    }

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        OpChecks.sameShape("add", a, b, out);
        float[] x = a.data();
        float[] y = b.data();
        float[] z = out.data();
        for (int i = 0; i < x.length; i++) {
            z[i] = x[i] + y[i];
        }
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out) {
        OpChecks.sameShape("mul", a, b, out);
        float[] x = a.data();
        float[] y = b.data();
        float[] z = out.data();
        for (int i = 0; i < x.length; i++) {
            z[i] = x[i] * y[i];
        }
    }

    @Override
    public void axpy(float alpha, Tensor xT, Tensor yT) {
        OpChecks.sameShape("axpy", xT, yT);
        float[] x = xT.data();
        float[] y = yT.data();
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    @Override
    public void scale(float alpha, Tensor xT) {
        float[] x = xT.data();
        for (int i = 0; i < x.length; i++) {
            x[i] *= alpha;
        }
    }

    @Override
    public void fill(Tensor xT, float value) {
        java.util.Arrays.fill(xT.data(), value);
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        OpChecks.sameShape("copy", src, dst);
        System.arraycopy(src.data(), 0, dst.data(), 0, src.size());
    }

    @Override
    public double sum(Tensor xT) {
        double acc = 0;
        for (float v : xT.data()) {
            acc += v;
        }
        return acc;
    }

    @Override
    public double dot(Tensor a, Tensor b) {
        OpChecks.sameShape("dot", a, b);
        float[] x = a.data();
        float[] y = b.data();
        double acc = 0;
        for (int i = 0; i < x.length; i++) {
            acc += (double) x[i] * y[i];
        }
        return acc;
    }

    @Override
    public void argmax(Tensor scoresT, LabelMap labels) {
        OpChecks.argmax(scoresT, labels);
        float[] s = scoresT.data();
        int[] out = labels.labels();
        int n = scoresT.shape().dim(0);
        int k = scoresT.shape().dim(1);
        int m = scoresT.shape().sizeFrom(2);
        for (int obs = 0; obs < n; obs++) {
            for (int px = 0; px < m; px++) {
                int best = 0;
                float bestScore = s[obs * k * m + px];
                for (int c = 1; c < k; c++) {
                    float v = s[(obs * k + c) * m + px];
                    if (v > bestScore) {
                        best = c;
                        bestScore = v;
                    }
                }
                out[obs * m + px] = best;
            }
        }
    }

    @Override
    public double diceLoss(Tensor y, LabelMap labels, DiceOptions options, Tensor grad, LossGradient target,
                           double[] perObservation) {
        return ReferenceLosses.dice(y, labels, options, grad, target, perObservation, diceSums);
    }

    @Override
    public double crossEntropyLoss(Tensor y, LabelMap labels, float[] classWeights, Tensor grad,
                                   LossGradient target) {
        return ReferenceLosses.crossEntropy(y, labels, classWeights, grad, target);
    }

    @Override
    public void sgdmUpdate(Tensor paramT, Tensor gradT, Tensor velocityT, float learnRate, float momentum, float l2) {
        OpChecks.sameShape("sgdm update", paramT, gradT, velocityT);
        float[] p = paramT.data();
        float[] g = gradT.data();
        float[] v = velocityT.data();
        for (int i = 0; i < p.length; i++) {
            v[i] = momentum * v[i] - learnRate * (g[i] + l2 * p[i]);
            p[i] += v[i];
        }
    }

    @Override
    public void adamUpdate(Tensor paramT, Tensor gradT, Tensor mT, Tensor vT, float learnRate, float beta1,
                           float beta2, float epsilon, int step, float l2) {
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
