package dev.dicenet.layers;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;

/** MATLAB's softmaxLayer: softmax over channels at every pixel or voxel, stable for large logits. */
public final class SoftmaxLayer extends Layer {
    @Override
    public SoftmaxLayer name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public String typeName() {
        return "Softmax";
    }

    @Override
    public String description() {
        return "softmax";
    }

    @Override
    public String defaultNamePrefix() {
        return "softmax";
    }

    @Override
    public Shape outputSize(Shape inputSize) {
        if (inputSize.rank() != 3 && inputSize.rank() != 4) {
            throw error("expects [C H W] or [C D H W] input, got " + inputSize);
        }
        return inputSize;
    }

    @Override
    public void forward(Backend backend, Tensor x, Tensor y) {
        backend.softmax(x, y);
    }

    @Override
    public void backward(Backend backend, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        if (dx != null) {
            backend.softmaxBackward(y, dy, dx);
        }
    }
}
