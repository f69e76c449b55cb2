package dev.dicenet.layers;

import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;

/** A learnable tensor of a layer (its Weights or Bias) with the gradient the last backward wrote. */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final Tensor gradient;
    private final float l2Factor;

    /**
     * @param l2Factor multiplies the L2 regularization of the training options (MATLAB's
     *                 WeightL2Factor 1 and BiasL2Factor 0)
     */
    public Parameter(String name, Tensor value, float l2Factor) {
        this.name = name;
        this.value = value;
        this.gradient = Tensor.zeros(value.shape());
        this.l2Factor = l2Factor;
    }

    public String name() {
        return name;
    }

    public Tensor value() {
        return value;
    }

    public Tensor gradient() {
        return gradient;
    }

    public Shape shape() {
        return value.shape();
    }

    public float l2Factor() {
        return l2Factor;
    }
}
