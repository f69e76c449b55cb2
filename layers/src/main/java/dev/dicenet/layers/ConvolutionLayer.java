package dev.dicenet.layers;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.ConvSpec;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;

/**
 * MATLAB's convolution2dLayer / convolution3dLayer. Weights [F, C, kH, kW] (3-D [F, C, kD, kH, kW]),
 * Bias [F]. Options: Stride, Padding (numbers or 'same'), DilationFactor, WeightsInitializer,
 * BiasInitializer, Weights, Bias, Name.
 */
public final class ConvolutionLayer extends FilterLayer {

    ConvolutionLayer(int[] filterSize, int numFilters) {
        super(filterSize, numFilters);
    }

    public ConvolutionLayer stride(int... s) {
        setStride(s);
        return this;
    }

    /** Padding: one value, one per axis, or [top bottom left right] ([front back top bottom left right] in 3-D). */
    public ConvolutionLayer padding(int... p) {
        setPadding("Padding", p);
        return this;
    }

    /** Padding 'same': the output size is ceil(input / stride). */
    public ConvolutionLayer padding(String same) {
        setSame("Padding", same);
        return this;
    }

    public ConvolutionLayer dilationFactor(int... d) {
        setDilation(d);
        return this;
    }

    public ConvolutionLayer weightsInitializer(String name) {
        setWeightsInitializer(name);
        return this;
    }

    public ConvolutionLayer biasInitializer(String name) {
        setBiasInitializer(name);
        return this;
    }

    public ConvolutionLayer weights(Tensor w) {
        setWeights(w);
        return this;
    }

    public ConvolutionLayer bias(Tensor b) {
        setBias(b);
        return this;
    }

    @Override
    public ConvolutionLayer name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public String typeName() {
        return spatialRank() == 2 ? "Convolution" : "3-D Convolution";
    }

    @Override
    public String defaultNamePrefix() {
        return "conv";
    }

    @Override
    public String description() {
        return describe("convolutions", "padding");
    }

    @Override
    protected Shape weightsShape(int inputChannels) {
        int[] d = new int[spatialRank() + 2];
        d[0] = numFilters();
        d[1] = inputChannels;
        System.arraycopy(filterSize(), 0, d, 2, spatialRank());
        return Shape.of(d);
    }

    /** MATLAB's 'same': total padding (ceil(in/s) - 1) s + k - in, the larger half after. */
    @Override
    protected int[] samePadding(Shape inputSize) {
        int r = spatialRank();
        int[] p = new int[2 * r];
        for (int a = 0; a < r; a++) {
            int in = inputSize.dim(a + 1);
            int s = stride()[a];
            int out = (in + s - 1) / s;
            int total = Math.max(0, (out - 1) * s + dilatedFilter(a) - in);
            p[2 * a] = total / 2;
            p[2 * a + 1] = total - total / 2;
        }
        return p;
    }

    @Override
    public Shape outputSize(Shape inputSize) {
        requireInput(inputSize);
        try {
            Shape batched = inputSize.withBatch(1);
            return spec(inputSize).convOutputShape(batched, weightsShape(inputSize.dim(0))).dropFirst();
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    @Override
    public void forward(Backend backend, Tensor x, Tensor y) {
        backend.conv(x, weights().value(), bias().value(), spec(x.shape().dropFirst()), y);
    }

    /** y = max(conv(x) + bias, 0): this layer and a following ReLU in one pass. */
    public void forwardRelu(Backend backend, Tensor x, Tensor y) {
        backend.convRelu(x, weights().value(), bias().value(), spec(x.shape().dropFirst()), y);
    }

    /**
     * y = conv(x * scale[c] + offset[c]) + bias (rectified when {@code relu}): an image input layer's
     * per-channel normalization ({@code map}: scale and offset of shape [C]) fused into this layer; {@code normalized} is the input layer's output tensor, which
     * a fusing backend leaves unwritten.
     */
    public void forwardOfNormalized(Backend backend, Tensor x, Tensor[] map, Tensor normalized, boolean relu, Tensor y) {
        backend.convOfAffineInput(x, map[0], map[1], normalized, weights().value(), bias().value(),
                spec(x.shape().dropFirst()), relu, y);
    }

    /** The parameter gradients of {@link #forwardOfNormalized} (its input needs no gradient). */
    public void backwardOfNormalized(Backend backend, Tensor x, Tensor[] map, Tensor normalized, Tensor dy) {
        backend.convBackwardWeightsOfAffineInput(dy, x, map[0], map[1], normalized, spec(x.shape().dropFirst()),
                weights().gradient());
        backend.biasGradient(dy, bias().gradient());
    }

    @Override
    public void backward(Backend backend, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        ConvSpec spec = spec(x.shape().dropFirst());
        backend.convBackwardWeights(dy, x, spec, weights().gradient());
        backend.biasGradient(dy, bias().gradient());
        if (dx != null) {
            backend.convBackwardData(dy, weights().value(), spec, dx);
        }
    }

}
