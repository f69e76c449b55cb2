package dev.dicenet.tensor;

import java.util.Arrays;

/**
 * Geometry of a 2-D or 3-D convolution: stride, dilation and asymmetric padding per spatial axis.
 * For a transposed convolution the padding is the cropping. Arrays are indexed by spatial axis,
 * outermost first: [H, W] in 2-D, [D, H, W] in 3-D.
 *
 * <p>Tensors: input [N, C, (D,) H, W]; convolution weights [F, C, (kD,) kH, kW]; transposed
 * convolution weights [C, F, (kD,) kH, kW] (PyTorch's layout: the weights of the convolution whose
 * adjoint it is). Output size per axis: convolution {@code floor((in + padBefore + padAfter
 * - dilation*(k-1) - 1) / stride) + 1}; transposed {@code (in-1)*stride + dilation*(k-1) + 1
 * - cropBefore - cropAfter}.
 */
public final class ConvSpec {
    private final int[] stride;
    private final int[] dilation;
    private final int[] padBefore;
    private final int[] padAfter;

    private ConvSpec(int[] stride, int[] dilation, int[] padBefore, int[] padAfter) {
        int r = stride.length;
        if (r != 2 && r != 3 || dilation.length != r || padBefore.length != r || padAfter.length != r) {
            throw new IllegalArgumentException("convolution geometry must be 2-D or 3-D with one value per axis");
        }
        for (int i = 0; i < r; i++) {
            if (stride[i] < 1) {
                throw new IllegalArgumentException("stride must be >= 1, got " + Arrays.toString(stride));
            }
            if (dilation[i] < 1) {
                throw new IllegalArgumentException("dilation must be >= 1, got " + Arrays.toString(dilation));
            }
            if (padBefore[i] < 0 || padAfter[i] < 0) {
                throw new IllegalArgumentException("padding/cropping must be >= 0, got "
                        + Arrays.toString(padBefore) + " / " + Arrays.toString(padAfter));
            }
        }
        this.stride = stride;
        this.dilation = dilation;
        this.padBefore = padBefore;
        this.padAfter = padAfter;
    }

    /** 2-D: padding as [top bottom left right], MATLAB's order. */
    public static ConvSpec of2d(int[] stride, int[] padding, int[] dilation) {
        if (padding.length != 4) {
            throw new IllegalArgumentException("2-D padding is [top bottom left right], got " + Arrays.toString(padding));
        }
        return new ConvSpec(stride.clone(), dilation.clone(),
                new int[] {padding[0], padding[2]}, new int[] {padding[1], padding[3]});
    }

    /** 3-D: padding as [front back top bottom left right]. */
    public static ConvSpec of3d(int[] stride, int[] padding, int[] dilation) {
        if (padding.length != 6) {
            throw new IllegalArgumentException(
                    "3-D padding is [front back top bottom left right], got " + Arrays.toString(padding));
        }
        return new ConvSpec(stride.clone(), dilation.clone(),
                new int[] {padding[0], padding[2], padding[4]}, new int[] {padding[1], padding[3], padding[5]});
    }

    /** Same stride and padding on every axis of a {@code rank}-D convolution, no dilation. */
    public static ConvSpec uniform(int rank, int stride, int padding) {
        int[] s = new int[rank];
        int[] p = new int[rank];
        int[] d = new int[rank];
        Arrays.fill(s, stride);
        Arrays.fill(p, padding);
        Arrays.fill(d, 1);
        return new ConvSpec(s, d, p, p.clone());
    }

    public int spatialRank() {
        return stride.length;
    }

    public int stride(int axis) {
        return stride[axis];
    }

    public int dilation(int axis) {
        return dilation[axis];
    }

    public int padBefore(int axis) {
        return padBefore[axis];
    }

    public int padAfter(int axis) {
        return padAfter[axis];
    }

    /** Output shape of the convolution of {@code x} with weights {@code w}; throws naming what is wrong. */
    public Shape convOutputShape(Shape x, Shape w) {
        requireRanks(x, w, "convolution");
        if (w.dim(1) != x.dim(1)) {
            throw new IllegalArgumentException("convolution: input has " + x.dim(1)
                    + " channels but weights " + w + " expect " + w.dim(1));
        }
        int[] out = new int[x.rank()];
        out[0] = x.dim(0);
        out[1] = w.dim(0);
        for (int a = 0; a < spatialRank(); a++) {
            int span = dilation[a] * (w.dim(a + 2) - 1) + 1;
            int padded = x.dim(a + 2) + padBefore[a] + padAfter[a];
            if (padded < span) {
                throw new IllegalArgumentException("convolution: input " + x + " padded by " + this
                        + " is smaller than the filter span " + span + " on spatial axis " + a);
            }
            out[a + 2] = (padded - span) / stride[a] + 1;
        }
        return Shape.of(out);
    }

    /** Output shape of the transposed convolution of {@code x} with weights {@code w}. */
    public Shape transposedOutputShape(Shape x, Shape w) {
        requireRanks(x, w, "transposed convolution");
        if (w.dim(0) != x.dim(1)) {
            throw new IllegalArgumentException("transposed convolution: input has " + x.dim(1)
                    + " channels but weights " + w + " expect " + w.dim(0));
        }
        int[] out = new int[x.rank()];
        out[0] = x.dim(0);
        out[1] = w.dim(1);
        for (int a = 0; a < spatialRank(); a++) {
            int full = (x.dim(a + 2) - 1) * stride[a] + dilation[a] * (w.dim(a + 2) - 1) + 1;
            int size = full - padBefore[a] - padAfter[a];
            if (size < 1) {
                throw new IllegalArgumentException("transposed convolution: cropping " + this
                        + " removes the whole output (" + full + " elements) on spatial axis " + a);
            }
            out[a + 2] = size;
        }
        return Shape.of(out);
    }

    private void requireRanks(Shape x, Shape w, String op) {
        int r = spatialRank() + 2;
        if (x.rank() != r || w.rank() != r) {
            throw new IllegalArgumentException(op + " " + spatialRank() + "-D: expected input and weights of rank "
                    + r + ", got input " + x + " and weights " + w);
        }
    }

    @Override
    public String toString() {
        return "stride " + Arrays.toString(stride) + " dilation " + Arrays.toString(dilation)
                + " padding before " + Arrays.toString(padBefore) + " after " + Arrays.toString(padAfter);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ConvSpec)) {
            return false;
        }
        ConvSpec c = (ConvSpec) o;
        return Arrays.equals(stride, c.stride) && Arrays.equals(dilation, c.dilation)
                && Arrays.equals(padBefore, c.padBefore) && Arrays.equals(padAfter, c.padAfter);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(stride) * 31 + Arrays.hashCode(padBefore) * 7 + Arrays.hashCode(padAfter);
    }
}
