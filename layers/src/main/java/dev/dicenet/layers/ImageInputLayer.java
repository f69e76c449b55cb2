package dev.dicenet.layers;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.util.Arrays;

/**
 * MATLAB's imageInputLayer / image3dInputLayer: fixes the input size and normalizes. Statistics not
 * given are computed from the training data at training time ({@link #fitStatistics}) and are then
 * part of the layer, saved with the model. Zero ranges or deviations normalize with a scale of 1
 * rather than dividing by zero.
 */
public final class ImageInputLayer extends Layer {
    private final Shape inputSize; // [C, H, W] or [C, D, H, W]
    private Normalization normalization = Normalization.ZEROCENTER;
    private NormalizationDimension dimension = NormalizationDimension.CHANNEL;
    private float[] mean;
    private float[] standardDeviation;
    private float[] min;
    private float[] max;
    private Tensor scale;  // per element [C, ...], built from the statistics
    private Tensor offset;
    private Tensor[] channelMap; // {scale [C], offset [C]}, when the map is per channel

    ImageInputLayer(Shape inputSize) {
        if (inputSize.rank() != 3 && inputSize.rank() != 4) {
            throw new IllegalArgumentException("image input size must be [H W C] or [H W D C]");
        }
        this.inputSize = inputSize;
    }

    /** MATLAB's InputSize as [C, H, W] / [C, D, H, W]. */
    public Shape inputSize() {
        return inputSize;
    }

    public Normalization normalization() {
        return normalization;
    }

    public NormalizationDimension normalizationDimension() {
        return dimension;
    }

    public ImageInputLayer normalization(String name) {
        normalization = Normalization.parse(name);
        invalidate();
        return this;
    }

    public ImageInputLayer normalizationDimension(String name) {
        dimension = NormalizationDimension.parse(name);
        mean = standardDeviation = min = max = null;
        invalidate();
        return this;
    }

    /** Mean: one value per channel, per element or for all, as NormalizationDimension says. */
    public ImageInputLayer mean(float... values) {
        mean = checked("Mean", values);
        return this;
    }

    public ImageInputLayer standardDeviation(float... values) {
        standardDeviation = checked("StandardDeviation", values);
        return this;
    }

    public ImageInputLayer min(float... values) {
        min = checked("Min", values);
        return this;
    }

    public ImageInputLayer max(float... values) {
        max = checked("Max", values);
        return this;
    }

    public float[] meanValues() {
        return mean == null ? null : mean.clone();
    }

    public float[] standardDeviationValues() {
        return standardDeviation == null ? null : standardDeviation.clone();
    }

    public float[] minValues() {
        return min == null ? null : min.clone();
    }

    public float[] maxValues() {
        return max == null ? null : max.clone();
    }

    @Override
    public ImageInputLayer name(String name) {
        super.name(name);
        return this;
    }

    /** Whether training data must supply statistics the normalization needs. */
    public boolean needsStatistics() {
        return normalization.usesMoments() && (mean == null || normalization == Normalization.ZSCORE
                && standardDeviation == null) || normalization.usesRange() && (min == null || max == null);
    }

    /** Fills in the statistics that were not given from accumulated training statistics. */
    public void fitStatistics(InputStatistics stats) {
        if (mean == null) {
            mean = stats.mean();
        }
        if (standardDeviation == null) {
            standardDeviation = stats.standardDeviation();
        }
        if (min == null) {
            min = stats.min();
        }
        if (max == null) {
            max = stats.max();
        }
        invalidate();
    }

    /** A fresh accumulator for this layer's statistics. */
    public InputStatistics newStatistics() {
        return new InputStatistics(dimension, inputSize.dim(0), inputSize.sizeFrom(1));
    }

    @Override
    public String typeName() {
        return inputSize.rank() == 3 ? "Image Input" : "3-D Image Input";
    }

    @Override
    public String defaultNamePrefix() {
        return "imageinput";
    }

    @Override
    public String description() {
        String size = MatlabText.hwc(inputSize) + " images";
        return normalization == Normalization.NONE ? size
                : size + " with '" + normalization.matlabName() + "' normalization";
    }

    @Override
    public Shape outputSize(Shape in) {
        if (!inputSize.equals(in)) {
            throw error("expects input of size " + MatlabText.hwc(inputSize) + " (HxWxC), got "
                    + (in.rank() == inputSize.rank() ? MatlabText.hwc(in) : in.toString()));
        }
        return inputSize;
    }

    @Override
    public void forward(Backend backend, Tensor x, Tensor y) {
        if (!x.shape().dropFirst().equals(inputSize)) {
            throw error("expects images of size " + MatlabText.hwc(inputSize) + " (HxWxC), got a batch of shape "
                    + x.shape() + " (NCHW)");
        }
        if (normalization == Normalization.NONE) {
            backend.copy(x, y);
            return;
        }
        ensureAffine();
        backend.affine(x, scale, offset, y);
    }

    @Override
    public void backward(Backend backend, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        if (dx == null) {
            return;
        }
        if (normalization == Normalization.NONE) {
            backend.copy(dy, dx);
            return;
        }
        ensureAffine();
        backend.affineBackward(dy, scale, dx);
    }

    /**
     * The normalization as y = x * scale[c] + offset[c] ([C] each) when it is the same for every
     * element of a channel (NormalizationDimension 'channel' or 'all'), else null (per element, or
     * 'none'). Lets a network fuse it into the next convolution.
     */
    public Tensor[] channelMap() {
        if (normalization == Normalization.NONE || dimension == NormalizationDimension.ELEMENT) {
            return null;
        }
        ensureAffine();
        if (channelMap == null) {
            int c = inputSize.dim(0);
            int per = inputSize.sizeFrom(1);
            Tensor s = Tensor.zeros(c);
            Tensor o = Tensor.zeros(c);
            for (int i = 0; i < c; i++) {
                s.set(i, scale.get(i * per));
                o.set(i, offset.get(i * per));
            }
            channelMap = new Tensor[] {s, o};
        }
        return channelMap; // shared: callers only read it
    }

    /** y = x * scale + offset per element, from the statistics. */
    private void ensureAffine() {
        if (scale != null) {
            return;
        }
        if (needsStatistics()) {
            throw error("normalization '" + normalization.matlabName() + "' has no statistics: train the network, "
                    + "or set " + (normalization.usesMoments() ? "Mean and StandardDeviation" : "Min and Max"));
        }
        int per = inputSize.sizeFrom(1);
        float[] s = new float[inputSize.size()];
        float[] o = new float[inputSize.size()];
        for (int i = 0; i < s.length; i++) {
            int k = dimension.statisticIndex(i, per);
            double sc;
            double sh;
            switch (normalization) {
                case ZEROCENTER:
                    sc = 1;
                    sh = -mean[k];
                    break;
                case ZSCORE:
                    sc = 1 / nonZero(standardDeviation[k]);
                    sh = -mean[k] * sc;
                    break;
                case RESCALE_ZERO_ONE:
                    sc = 1 / nonZero(max[k] - min[k]);
                    sh = -min[k] * sc;
                    break;
                default: // RESCALE_SYMMETRIC
                    sc = 2 / nonZero(max[k] - min[k]);
                    sh = -min[k] * sc - 1;
                    break;
            }
            s[i] = (float) sc;
            o[i] = (float) sh;
        }
        scale = Tensor.wrap(inputSize, s);
        offset = Tensor.wrap(inputSize, o);
    }

    private static double nonZero(double v) {
        return v == 0 ? 1 : v;
    }

    private void invalidate() {
        scale = null;
        offset = null;
        channelMap = null;
    }

    private float[] checked(String what, float[] values) {
        int expected = dimension.count(inputSize.dim(0), inputSize.sizeFrom(1));
        if (values.length != expected) {
            throw error(what + " needs " + expected + " values for NormalizationDimension '" + dimension.matlabName()
                    + "', got " + values.length);
        }
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw error(what + " must be finite, got " + Arrays.toString(values));
            }
        }
        invalidate();
        return values.clone();
    }
}
