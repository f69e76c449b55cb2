package dev.dicenet.tensor;

/** Argument checks shared by every backend, so all of them fail with the same clear messages. */
public final class OpChecks {
    private OpChecks() {
    }

    public static void sameShape(String op, Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException(op + ": shapes differ: " + a.shape() + " and " + b.shape());
        }
    }

    public static void sameShape(String op, Tensor a, Tensor b, Tensor c) {
        sameShape(op, a, b);
        sameShape(op, a, c);
    }

    /** Scores [N, K, spatial...] with rank 4 (2-D) or 5 (3-D). */
    public static void channelTensor(String op, Tensor x) {
        int r = x.shape().rank();
        if (r != 4 && r != 5) {
            throw new IllegalArgumentException(op + ": expected a tensor of rank 4 [N,C,H,W] or 5 [N,C,D,H,W], got "
                    + x.shape());
        }
    }

    /** A per-element broadcast operand: x's shape without its batch dimension. */
    public static void broadcastOperand(String op, Tensor x, Tensor operand) {
        Shape expected = x.shape().dropFirst();
        if (!expected.equals(operand.shape())) {
            throw new IllegalArgumentException(op + ": operand must have shape " + expected
                    + " (the input " + x.shape() + " without N), got " + operand.shape());
        }
    }

    /** Per-channel scale and offset of shape [C] for x [N, C, ...]. */
    public static void channelAffine(String op, Tensor x, Tensor scale, Tensor offset) {
        channelTensor(op, x);
        Shape c = Shape.of(x.shape().dim(1));
        c.requireEqual(scale.shape(), op + " scale");
        c.requireEqual(offset.shape(), op + " offset");
    }

    public static void biasGradient(Tensor dy, Tensor db) {
        channelTensor("bias gradient", dy);
        if (db.shape().rank() != 1 || db.shape().dim(0) != dy.shape().dim(1)) {
            throw new IllegalArgumentException("bias gradient: expected shape [" + dy.shape().dim(1) + "], got "
                    + db.shape());
        }
    }

    /** Checks of the loss ops: K >= 2, the label map fits, the gradient has y's shape. */
    public static void loss(String op, Tensor y, LabelMap labels, Tensor grad) {
        channelTensor(op, y);
        if (y.shape().dim(1) < 2) {
            throw new IllegalArgumentException(op + ": needs at least 2 classes, got " + y.shape().dim(1)
                    + " channels in input " + y.shape());
        }
        labels.requireCompatible(y.shape(), op);
        if (grad != null) {
            sameShape(op + " gradient", y, grad);
        }
    }

    public static void classWeights(float[] weights, int classes) {
        if (weights == null) {
            return;
        }
        if (weights.length != classes) {
            throw new IllegalArgumentException("cross-entropy: " + weights.length + " class weights for "
                    + classes + " classes");
        }
        for (float w : weights) {
            if (!(w >= 0) || Float.isInfinite(w)) {
                throw new IllegalArgumentException("cross-entropy: class weights must be finite and >= 0, got " + w);
            }
        }
    }

    public static void argmax(Tensor scores, LabelMap labels) {
        channelTensor("argmax", scores);
        Shape s = scores.shape();
        int[] expected = new int[s.rank() - 1];
        expected[0] = s.dim(0);
        for (int i = 2; i < s.rank(); i++) {
            expected[i - 1] = s.dim(i);
        }
        Shape.of(expected).requireEqual(labels.shape(), "argmax label map");
    }
}
