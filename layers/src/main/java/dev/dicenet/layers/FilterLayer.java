package dev.dicenet.layers;

import dev.dicenet.tensor.ConvSpec;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What convolution and transposed convolution layers share: filter size, number of filters, stride,
 * padding (cropping for the transposed one; numbers or 'same'), dilation, initializers and the
 * Weights and Bias parameters. Works in 2-D and 3-D ({@link #spatialRank()}).
 */
public abstract class FilterLayer extends Layer {
    private final int[] filterSize;
    private final int numFilters;
    private int[] stride;
    private int[] dilation;
    private int[] padding;         // [before, after] per axis, interleaved; null when 'same'
    private Initializer weightsInitializer = Initializer.GLOROT;
    private Initializer biasInitializer = Initializer.ZEROS;
    private Parameter weights;
    private Parameter bias;

    protected FilterLayer(int[] filterSize, int numFilters) {
        int r = filterSize.length;
        if (r != 2 && r != 3) {
            throw new IllegalArgumentException("filter size must have 2 or 3 elements, got " + Arrays.toString(filterSize));
        }
        for (int f : filterSize) {
            if (f < 1) {
                throw new IllegalArgumentException("filter size must be >= 1, got " + Arrays.toString(filterSize));
            }
        }
        if (numFilters < 1) {
            throw new IllegalArgumentException("number of filters must be >= 1, got " + numFilters);
        }
        this.filterSize = filterSize.clone();
        this.numFilters = numFilters;
        this.stride = filled(r, 1);
        this.dilation = filled(r, 1);
        this.padding = new int[2 * r];
    }

    public int spatialRank() {
        return filterSize.length;
    }

    public int[] filterSize() {
        return filterSize.clone();
    }

    public int numFilters() {
        return numFilters;
    }

    public int[] stride() {
        return stride.clone();
    }

    public int[] dilationFactor() {
        return dilation.clone();
    }

    /** The padding/cropping per side, MATLAB's order [top bottom left right] (3-D: [front back top bottom left right]); null for 'same'. */
    public int[] paddingValues() {
        return padding == null ? null : padding.clone();
    }

    public boolean isSame() {
        return padding == null;
    }

    public Initializer weightsInitializer() {
        return weightsInitializer;
    }

    public Initializer biasInitializer() {
        return biasInitializer;
    }

    protected void setStride(int... s) {
        stride = perAxis(s, "Stride", 1);
    }

    protected void setDilation(int... d) {
        dilation = perAxis(d, "DilationFactor", 1);
    }

    /** One value for every side, one per axis (both sides), or one per side. */
    protected void setPadding(String what, int... p) {
        int r = spatialRank();
        int[] sides;
        if (p.length == 1) {
            sides = filled(2 * r, p[0]);
        } else if (p.length == r) {
            sides = new int[2 * r];
            for (int a = 0; a < r; a++) {
                sides[2 * a] = p[a];
                sides[2 * a + 1] = p[a];
            }
        } else if (p.length == 2 * r) {
            sides = p.clone();
        } else {
            throw error(what + " needs 1, " + r + " or " + 2 * r + " values, got " + Arrays.toString(p));
        }
        for (int v : sides) {
            if (v < 0) {
                throw error(what + " must be >= 0, got " + Arrays.toString(p));
            }
        }
        padding = sides;
    }

    protected void setSame(String what, String value) {
        if (!"same".equalsIgnoreCase(value)) {
            throw error(what + " must be numbers or 'same', got '" + value + "'");
        }
        padding = null;
    }

    protected void setWeightsInitializer(String name) {
        weightsInitializer = Initializer.parse(name);
    }

    protected void setBiasInitializer(String name) {
        biasInitializer = Initializer.parse(name);
    }

    /** Sets the weights (shape checked at initialization); they are then not initialized randomly. */
    protected void setWeights(Tensor w) {
        weights = new Parameter("Weights", w, 1f);
    }

    protected void setBias(Tensor b) {
        bias = new Parameter("Bias", b, 0f);
    }

    /** Weights shape for this many input channels. */
    protected abstract Shape weightsShape(int inputChannels);

    /** The resolved geometry for an input of this per-observation size ('same' needs the size). */
    protected ConvSpec spec(Shape inputSize) {
        int r = spatialRank();
        int[] p = padding != null ? padding : samePadding(inputSize);
        return r == 2 ? ConvSpec.of2d(stride, p, dilation) : ConvSpec.of3d(stride, p, dilation);
    }

    /** The 'same' padding or cropping per side for this input size. */
    protected abstract int[] samePadding(Shape inputSize);

    protected int dilatedFilter(int axis) {
        return dilation[axis] * (filterSize[axis] - 1) + 1;
    }

    /** Checks the input's rank; returns the input size unchanged. */
    protected void requireInput(Shape inputSize) {
        if (inputSize.rank() != spatialRank() + 1) {
            throw error("expects " + (spatialRank() == 2 ? "images [C H W]" : "volumes [C D H W]")
                    + " but its input has size " + inputSize);
        }
    }

    @Override
    public void initialize(Shape inputSize, Random random) {
        requireInput(inputSize);
        Shape ws = weightsShape(inputSize.dim(0));
        int fanIn = ws.sizeFrom(2) * inputSize.dim(0);
        int fanOut = ws.sizeFrom(2) * numFilters;
        if (weights == null) {
            weights = new Parameter("Weights", Tensor.zeros(ws), 1f);
            weightsInitializer.fill(weights.value().data(), fanIn, fanOut, random);
        } else if (!weights.shape().equals(ws)) {
            throw error("Weights have shape " + weights.shape() + ", expected " + ws + " for input size " + inputSize);
        }
        Shape bs = Shape.of(numFilters);
        if (bias == null) {
            bias = new Parameter("Bias", Tensor.zeros(bs), 0f);
            biasInitializer.fill(bias.value().data(), fanIn, fanOut, random);
        } else if (!bias.shape().equals(bs)) {
            throw error("Bias has shape " + bias.shape() + ", expected " + bs);
        }
    }

    public Parameter weights() {
        return weights;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public List<Parameter> parameters() {
        return weights == null ? List.of() : List.of(weights, bias);
    }

    /** "16 3x3 convolutions with stride [2  2] and padding [1  1  1  1]" with the noun given. */
    protected String describe(String noun, String paddingWord) {
        String pad = padding == null ? "'same'" : MatlabText.vector(padding);
        boolean dilated = Arrays.stream(dilation).anyMatch(d -> d != 1);
        return numFilters + " " + MatlabText.cross(filterSize) + " " + noun + " with stride " + MatlabText.vector(stride)
                + (dilated ? ", " : " and ") + paddingWord + " " + pad
                + (dilated ? " and dilation factor " + MatlabText.vector(dilation) : "");
    }

    private int[] perAxis(int[] v, String what, int min) {
        int r = spatialRank();
        int[] out;
        if (v.length == 1) {
            out = filled(r, v[0]);
        } else if (v.length == r) {
            out = v.clone();
        } else {
            throw error(what + " needs 1 or " + r + " values, got " + Arrays.toString(v));
        }
        for (int x : out) {
            if (x < min) {
                throw error(what + " must be >= " + min + ", got " + Arrays.toString(v));
            }
        }
        return out;
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }
}
