package dev.dicenet.tensor;

/** Which input a loss op differentiates with respect to. */
public enum LossGradient {
    /** The loss layer's own input, the softmax probabilities Y. */
    PROBABILITIES,
    /**
     * The logits Z of the softmax that produced Y (fused softmax backward:
     * dL/dZ_km = Y_km (g_km - sum_j Y_jm g_jm), g = dL/dY), one pass fewer than the unfused path.
     */
    LOGITS
}
