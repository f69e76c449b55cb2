package dev.dicenet.tensor;

/**
 * The sizes of one convolution seen as 3-D (a 2-D convolution has depth 1), in the convolution's
 * own orientation: input [n, c, inD, inH, inW], weights [f, c, kD, kH, kW], output
 * [n, f, outD, outH, outW]. A transposed convolution is described by the convolution it is the
 * adjoint of (its output is that convolution's input). Fields are public for the inner loops.
 */
public final class ConvGeometry {
    public final int n, c, f;
    public final int inD, inH, inW;
    public final int outD, outH, outW;
    public final int kD, kH, kW;
    public final int strideD, strideH, strideW;
    public final int dilD, dilH, dilW;
    public final int padD, padH, padW;

    private ConvGeometry(Shape in, Shape w, Shape out, ConvSpec spec) {
        boolean is3d = spec.spatialRank() == 3;
        int o = is3d ? 0 : -1; // offset of H relative to a 3-D layout
        n = in.dim(0);
        c = in.dim(1);
        f = out.dim(1);
        inD = is3d ? in.dim(2) : 1;
        inH = in.dim(3 + o);
        inW = in.dim(4 + o);
        outD = is3d ? out.dim(2) : 1;
        outH = out.dim(3 + o);
        outW = out.dim(4 + o);
        kD = is3d ? w.dim(2) : 1;
        kH = w.dim(3 + o);
        kW = w.dim(4 + o);
        strideD = is3d ? spec.stride(0) : 1;
        strideH = spec.stride(1 + o);
        strideW = spec.stride(2 + o);
        dilD = is3d ? spec.dilation(0) : 1;
        dilH = spec.dilation(1 + o);
        dilW = spec.dilation(2 + o);
        padD = is3d ? spec.padBefore(0) : 0;
        padH = spec.padBefore(1 + o);
        padW = spec.padBefore(2 + o);
    }

    /** Geometry of y = conv(x, w); checks the shapes of x, w, y and the bias (may be null). */
    public static ConvGeometry forConv(Shape x, Shape w, Shape bias, Shape y, ConvSpec spec) {
        Shape expected = spec.convOutputShape(x, w);
        expected.requireEqual(y, "convolution output");
        requireBias(bias, w.dim(0), "convolution");
        return new ConvGeometry(x, w, y, spec);
    }

    /** Geometry of y = convT(x, w), described as the convolution from y to x. */
    public static ConvGeometry forTransposed(Shape x, Shape w, Shape bias, Shape y, ConvSpec spec) {
        Shape expected = spec.transposedOutputShape(x, w);
        expected.requireEqual(y, "transposed convolution output");
        requireBias(bias, w.dim(1), "transposed convolution");
        return new ConvGeometry(y, w, x, spec);
    }

    private static void requireBias(Shape bias, int filters, String op) {
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != filters)) {
            throw new IllegalArgumentException(op + ": bias must have shape [" + filters + "], got " + bias);
        }
    }

    public int inSpatial() {
        return inD * inH * inW;
    }

    public int outSpatial() {
        return outD * outH * outW;
    }

    public int kernelVolume() {
        return kD * kH * kW;
    }

    /** Multiply-accumulates of the forward convolution, counting taps on padding (the usual convention). */
    public long macs() {
        return (long) n * f * outSpatial() * c * kernelVolume();
    }
}
