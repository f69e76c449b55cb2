package dev.dicenet.layers;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;

/** MATLAB's reluLayer: max(x, 0). */
public final class ReluLayer extends Layer {
    @Override
    public ReluLayer name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public String typeName() {
        return "ReLU";
    }

    @Override
    public String description() {
        return "ReLU";
    }

    @Override
    public String defaultNamePrefix() {
        return "relu";
    }

    @Override
    public Shape outputSize(Shape inputSize) {
        return inputSize;
    }

    @Override
    public void forward(Backend backend, Tensor x, Tensor y) {
        backend.relu(x, y);
    }

    @Override
    public void backward(Backend backend, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        if (dx != null) {
            backend.reluBackward(y, dy, dx);
        }
    }
}
