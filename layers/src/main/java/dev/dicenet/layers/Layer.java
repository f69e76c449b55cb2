package dev.dicenet.layers;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * A layer of a series network, configured MATLAB's way with fluent options, holding its learnable
 * parameters once initialized (as MATLAB's layers hold Weights and Bias after training).
 *
 * <p>Sizes between layers are per observation, channels first: [C, H, W] or [C, D, H, W]
 * (MATLAB prints them as HxWxC). Tensors carry the batch in front: NCHW / NCDHW.
 *
 * <p>A layer is not thread-safe while it is being configured or trained; a trained network's
 * layers are only read during inference.
 */
public abstract class Layer {
    private String name = "";

    /** MATLAB's Name property; empty names are filled when a network is assembled. */
    public String name() {
        return name;
    }

    /** Sets the name; returns this layer for chaining. */
    public Layer name(String name) {
        if (name == null) {
            throw new IllegalArgumentException(typeName() + ": Name must not be null");
        }
        this.name = name;
        return this;
    }

    /** MATLAB's type column, e.g. "Convolution". */
    public abstract String typeName();

    /** MATLAB's description column, e.g. "16 3x3 convolutions with stride [2  2] ...". */
    public abstract String description();

    /** The prefix MATLAB gives an unnamed layer of this type, e.g. "conv". */
    public abstract String defaultNamePrefix();

    /**
     * The output size for an input of the given per-observation size; throws an
     * IllegalArgumentException naming the layer and the expected size when it does not fit.
     */
    public abstract Shape outputSize(Shape inputSize);

    /**
     * Creates the learnable parameters that are not set yet, for inputs of the given size. Layers
     * without parameters do nothing.
     */
    public void initialize(Shape inputSize, Random random) {
    }

    /** The learnable parameters (empty before {@link #initialize} or for parameter-free layers). */
    public List<Parameter> parameters() {
        return List.of();
    }

    /** y = f(x) for a batch; y has the batch size and the output size. */
    public abstract void forward(Backend backend, Tensor x, Tensor y);

    /**
     * Given dL/dy, writes dL/dx into {@code dx} (unless it is null: nobody needs it) and dL/dp into
     * each parameter's gradient (overwritten, not accumulated). x and y are the forward's tensors.
     */
    public abstract void backward(Backend backend, Tensor x, Tensor y, Tensor dy, Tensor dx);

    /** "Layer 'conv' (Convolution)" or "Convolution layer", for messages. */
    public String who() {
        return name.isEmpty() ? typeName() + " layer" : "Layer '" + name + "' (" + typeName() + ")";
    }

    /** Throws an IllegalArgumentException that names this layer. */
    protected IllegalArgumentException error(String message) {
        return new IllegalArgumentException(who() + ": " + message);
    }

    @Override
    public String toString() {
        return who() + ": " + description();
    }
}
