package dev.dicenet.tensor;

/**
 * Adam's update in plain Java, shared by the backends so that every one applies it in the same order
 * of operations (parameters are small; this loop is never the bottleneck).
 */
public final class AdamUpdate {
    private AdamUpdate() {
    }

    /**
     * g' = g + l2 p; m = b1 m + (1-b1) g'; v = b2 v + (1-b2) g'^2; p -= lr m^ / (sqrt(v^) + eps) with
     * bias corrections m^ = m/(1-b1^t), v^ = v/(1-b2^t) at step t >= 1.
     */
    public static void apply(float[] p, float[] g, float[] m, float[] v, float learnRate, float beta1, float beta2,
                             float epsilon, int step, float l2) {
        if (step < 1) {
            throw new IllegalArgumentException("adam update: step must be >= 1, got " + step);
        }
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = 1 - Math.pow(beta2, step);
        for (int i = 0; i < p.length; i++) {
            float gi = g[i] + l2 * p[i];
            m[i] = beta1 * m[i] + (1 - beta1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            p[i] -= (float) (learnRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon));
        }
    }
}
