package dev.dicenet.layers;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.ConvSpec;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;

/**
 * MATLAB's transposedConv2dLayer / transposedConv3dLayer: upsampling by the adjoint of a
 * convolution. Output size = (in - 1) * stride + filter - cropping. Weights [C, F, kH, kW]
 * (PyTorch's ConvTranspose layout), Bias [F]. Options: Stride, Cropping (numbers or 'same'),
 * initializers, Weights, Bias, Name.
 */
public final class TransposedConvolutionLayer extends FilterLayer {

    TransposedConvolutionLayer(int[] filterSize, int numFilters) {
        super(filterSize, numFilters);
    }

    public TransposedConvolutionLayer stride(int... s) {
        setStride(s);
        return this;
    }

    /** Cropping: one value, one per axis, or [top bottom left right] ([front back top bottom left right] in 3-D). */
    public TransposedConvolutionLayer cropping(int... c) {
        setPadding("Cropping", c);
        return this;
    }

    /** Cropping 'same': the output size is input * stride. */
    public TransposedConvolutionLayer cropping(String same) {
        setSame("Cropping", same);
        return this;
    }

    public TransposedConvolutionLayer weightsInitializer(String name) {
        setWeightsInitializer(name);
        return this;
    }

    public TransposedConvolutionLayer biasInitializer(String name) {
        setBiasInitializer(name);
        return this;
    }

    public TransposedConvolutionLayer weights(Tensor w) {
        setWeights(w);
        return this;
    }

    public TransposedConvolutionLayer bias(Tensor b) {
        setBias(b);
        return this;
    }

    @Override
    public TransposedConvolutionLayer name(String name) {
        super.name(name);
        return this;
    }

    @Override
    public String typeName() {
        return spatialRank() == 2 ? "Transposed Convolution" : "3-D Transposed Convolution";
    }

    @Override
    public String defaultNamePrefix() {
        return "transposed-conv";
    }

    @Override
    public String description() {
        return describe("transposed convolutions", "cropping");
    }

    @Override
    protected Shape weightsShape(int inputChannels) {
        int[] d = new int[spatialRank() + 2];
        d[0] = inputChannels;
        d[1] = numFilters();
        System.arraycopy(filterSize(), 0, d, 2, spatialRank());
        return Shape.of(d);
    }

    /** 'same' crops filter - stride in total (the larger half after), so the output is input * stride. */
    @Override
    protected int[] samePadding(Shape inputSize) {
        int r = spatialRank();
        int[] p = new int[2 * r];
        for (int a = 0; a < r; a++) {
            int total = dilatedFilter(a) - stride()[a];
            if (total < 0) {
                throw error("Cropping 'same' needs a filter at least as large as the stride, got filter "
                        + dilatedFilter(a) + " and stride " + stride()[a]);
            }
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
            return spec(inputSize).transposedOutputShape(batched, weightsShape(inputSize.dim(0))).dropFirst();
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    @Override
    public void forward(Backend backend, Tensor x, Tensor y) {
        backend.convTranspose(x, weights().value(), bias().value(), spec(x.shape().dropFirst()), y);
    }

    @Override
    public void backward(Backend backend, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        ConvSpec spec = spec(x.shape().dropFirst());
        backend.convTransposeBackwardWeights(dy, x, spec, weights().gradient());
        backend.biasGradient(dy, bias().gradient());
        if (dx != null) {
            backend.convTransposeBackwardData(dy, weights().value(), spec, dx);
        }
    }
}
