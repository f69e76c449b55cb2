package dev.dicenet.tensor;

/**
 * The primitive ops every backend implements. {@link ReferenceBackend} defines what each computes;
 * every other backend must agree with it within a stated tolerance.
 *
 * <p>Conventions: outputs are passed in and overwritten (callers reuse them across steps, so a
 * training step allocates nothing); shapes are checked and a mismatch is an
 * {@link IllegalArgumentException} naming the op and both shapes. Convolutions are 2-D for rank-4
 * tensors [N,C,H,W] and 3-D for rank-5 tensors [N,C,D,H,W], as given by {@link ConvSpec}; they are
 * cross-correlations (no kernel flip), as in PyTorch and MATLAB. Bias tensors have shape [F] and may
 * be null (no bias). Sums are accumulated in double.
 */
public interface Backend extends AutoCloseable {

    /** Short name used to choose the backend, e.g. "reference". */
    String name();

    /**
     * Frees whatever the backend holds for this tensor (a device copy), after copying newer device
     * values to the host. The tensor stays usable. A no-op for host backends.
     */
    default void release(Tensor tensor) {
    }

    /**
     * Frees the backend's resources (device buffers, compiled kernels) after copying every tensor's
     * newer device values to the host. The backend cannot be used afterwards; its tensors can.
     */
    @Override
    default void close() {
    }

    /** A zero tensor owned by this backend. */
    default Tensor zeros(Shape shape) {
        return Tensor.zeros(shape);
    }

    // ---- convolution -------------------------------------------------------------------------

    /** y = conv(x, w) + bias. */
    void conv(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y);

    /**
     * y = max(conv(x, w) + bias, 0): convolution with the ReLU fused (one pass over y fewer).
     * Must equal {@link #conv} followed by {@link #relu} within the conv tolerance.
     */
    default void convRelu(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        conv(x, w, bias, spec, y);
        relu(y, y);
    }

    /**
     * y = conv(x * scale[c] + offset[c], w) + bias, rectified when {@code relu}: an image input layer's
     * per-channel normalization (scale and offset of shape [C]) fused into the first convolution; zero
     * padding applies to the normalized input. {@code normalized} (x's shape) is a workspace the backend
     * may fill; {@link #convBackwardWeightsOfAffineInput} gets the same one. A backend that fuses never
     * stores the normalized image: one pass over it fewer.
     */
    default void convOfAffineInput(Tensor x, Tensor scale, Tensor offset, Tensor normalized, Tensor w, Tensor bias,
                                   ConvSpec spec, boolean relu, Tensor y) {
        OpChecks.channelAffine("conv of affine input", x, scale, offset);
        OpChecks.sameShape("conv of affine input workspace", x, normalized);
        float[] in = x.data();
        float[] out = normalized.data();
        float[] s = scale.data();
        float[] o = offset.data();
        int c = x.shape().dim(1);
        int per = x.shape().sizeFrom(2);
        for (int i = 0; i < in.length; i++) {
            int ch = i / per % c;
            out[i] = in[i] * s[ch] + o[ch];
        }
        if (relu) {
            convRelu(normalized, w, bias, spec, y);
        } else {
            conv(normalized, w, bias, spec, y);
        }
    }

    /** dw of {@link #convOfAffineInput}: the weight gradient for the normalized input. */
    default void convBackwardWeightsOfAffineInput(Tensor dy, Tensor x, Tensor scale, Tensor offset, Tensor normalized,
                                                  ConvSpec spec, Tensor dw) {
        OpChecks.channelAffine("conv backward weights of affine input", x, scale, offset);
        convBackwardWeights(dy, normalized, spec, dw);
    }

    /** dx = dL/dx of {@link #conv} given dy (the adjoint of conv in x). */
    void convBackwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx);

    /** dw = dL/dw of {@link #conv} given dy and the input x. */
    void convBackwardWeights(Tensor dy, Tensor x, ConvSpec spec, Tensor dw);

    /** y = convT(x, w) + bias; convT is the adjoint of conv, weights [C, F, k...]. */
    void convTranspose(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y);

    /** dx = dL/dx of {@link #convTranspose} (a plain convolution of dy). */
    void convTransposeBackwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx);

    /** dw = dL/dw of {@link #convTranspose}. */
    void convTransposeBackwardWeights(Tensor dy, Tensor x, ConvSpec spec, Tensor dw);

    /** db[f] = sum over n and space of dy[n, f, ...]. */
    void biasGradient(Tensor dy, Tensor db);

    // ---- activations ---------------------------------------------------------------------------

    /** y = max(x, 0). x and y may be the same tensor. */
    void relu(Tensor x, Tensor y);

    /** dx = dy where y > 0, else 0 (y is relu's output). */
    void reluBackward(Tensor y, Tensor dy, Tensor dx);

    /** Softmax over the channel axis, per pixel, shifted by the channel maximum for stability. */
    void softmax(Tensor x, Tensor y);

    /** dx = y * (dy - sum_c y dy), per pixel. */
    void softmaxBackward(Tensor y, Tensor dy, Tensor dx);

    // ---- elementwise and reductions ------------------------------------------------------------

    /**
     * y[n, i] = x[n, i] * scale[i] + offset[i]: a per-element affine map broadcast over the batch
     * (scale and offset have x's shape without its first dimension). Input normalization.
     */
    void affine(Tensor x, Tensor scale, Tensor offset, Tensor y);

    /** dx[n, i] = dy[n, i] * scale[i]. */
    void affineBackward(Tensor dy, Tensor scale, Tensor dx);

    /** out = a + b. */
    void add(Tensor a, Tensor b, Tensor out);

    /** out = a * b, elementwise. */
    void mul(Tensor a, Tensor b, Tensor out);

    /** y += alpha * x. */
    void axpy(float alpha, Tensor x, Tensor y);

    /** x *= alpha. */
    void scale(float alpha, Tensor x);

    /** Every element of x set to value. */
    void fill(Tensor x, float value);

    /** dst = src. */
    void copy(Tensor src, Tensor dst);

    /** Sum of all elements, accumulated in double. */
    double sum(Tensor x);

    /** Sum of a[i] * b[i], accumulated in double. */
    double dot(Tensor a, Tensor b);

    /** Class of the largest score per pixel (the first on ties); scores [N,K,...], labels [N,...]. */
    void argmax(Tensor scores, LabelMap labels);

    // ---- losses --------------------------------------------------------------------------------

    /**
     * Generalized Dice loss of probabilities y [N,K,...] against labels [N,...] (DICE.md). Writes the
     * gradient into {@code grad} (y's shape; w.r.t. y or the softmax logits as {@code target} says)
     * unless it is null, the loss of each observation into {@code perObservation} unless it is null
     * (length N; for BATCH reduction each entry is the pooled loss). Undefined labels are ignored
     * entirely. Throws for labels out of range, non-finite y, K < 2.
     */
    double diceLoss(Tensor y, LabelMap labels, DiceOptions options, Tensor grad, LossGradient target,
                    double[] perObservation);

    /**
     * Weighted cross-entropy of probabilities y against labels: sum over defined pixels of
     * -w[t] ln y[t], divided by the sum of w[t] over them (PyTorch's weighted mean; 0 when no pixel
     * is defined). {@code classWeights} has length K or is null (all 1).
     */
    double crossEntropyLoss(Tensor y, LabelMap labels, float[] classWeights, Tensor grad, LossGradient target);

    // ---- optimizers ----------------------------------------------------------------------------

    /**
     * SGD with momentum, MATLAB's form: v = momentum v - lr (g + l2 p); p += v.
     */
    void sgdmUpdate(Tensor param, Tensor grad, Tensor velocity, float learnRate, float momentum, float l2);

    /**
     * Adam with bias correction at step t (1-based): g' = g + l2 p; m = b1 m + (1-b1) g';
     * v = b2 v + (1-b2) g'^2; p -= lr m^ / (sqrt(v^) + eps), m^ = m/(1-b1^t), v^ = v/(1-b2^t).
     */
    void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float learnRate, float beta1, float beta2,
                    float epsilon, int step, float l2);
}
