package dev.dicenet.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dicenet.tensor.testing.NumericGradient;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The transposed convolution is defined as the adjoint of the convolution:
 * &lt;conv(x), y&gt; = &lt;x, convT(y)&gt; and &lt;x, convBackwardData(y)&gt; = &lt;conv(x), y&gt;,
 * on random 2-D and 3-D geometries (in double, so only float rounding separates the two sides).
 */
class ConvolutionAdjointProperties {
    private final Backend b = new ReferenceBackend();

    @Property(tries = 60)
    void transposedConvolutionIsTheAdjoint(@ForAll @IntRange(min = 2, max = 3) int rank,
                                           @ForAll @IntRange(min = 1, max = 3) int k,
                                           @ForAll @IntRange(min = 1, max = 3) int stride,
                                           @ForAll @IntRange(min = 0, max = 2) int padBefore,
                                           @ForAll @IntRange(min = 0, max = 2) int padAfter,
                                           @ForAll @IntRange(min = 1, max = 2) int dilation,
                                           @ForAll @IntRange(min = 1, max = 3) int channels,
                                           @ForAll @IntRange(min = 1, max = 3) int filters,
                                           @ForAll long seed) {
        Random r = new Random(seed);
        int[] st = new int[rank];
        int[] di = new int[rank];
        int[] pad = new int[2 * rank];
        int[] xd = new int[rank + 2];
        int[] wd = new int[rank + 2];
        xd[0] = 1 + r.nextInt(2);
        xd[1] = channels;
        wd[0] = filters;
        wd[1] = channels;
        for (int a = 0; a < rank; a++) {
            st[a] = stride;
            di[a] = dilation;
            pad[2 * a] = padBefore;
            pad[2 * a + 1] = padAfter;
            wd[a + 2] = k;
            xd[a + 2] = dilation * (k - 1) + 1 + r.nextInt(5); // at least one output element
        }
        ConvSpec spec = rank == 2 ? ConvSpec.of2d(st, pad, di) : ConvSpec.of3d(st, pad, di);
        Shape xs = Shape.of(xd);
        Shape ws = Shape.of(wd);
        Shape ys = spec.convOutputShape(xs, ws);
        Tensor x = Tensor.of(xs, NumericGradient.random(r, xs.size(), -1, 1));
        Tensor w = Tensor.of(ws, NumericGradient.random(r, ws.size(), -1, 1));
        Tensor y = Tensor.of(ys, NumericGradient.random(r, ys.size(), -1, 1));
        Tensor convX = Tensor.zeros(ys);
        b.conv(x, w, null, spec, convX);
        Tensor adjY = Tensor.zeros(xs);
        b.convBackwardData(y, w, spec, adjY);
        double lhs = NumericGradient.dot(convX.data(), y.data());
        double rhs = NumericGradient.dot(x.data(), adjY.data());
        assertEquals(lhs, rhs, 1e-4 * (1 + Math.abs(lhs)));

        // convT with the same weights (read as [C_in=filters, C_out=channels]) maps ys back to xs.
        // The output size of the transposed convolution is only determined up to stride - 1 extra
        // elements, so compare where convT's natural output shape equals xs.
        if (transposedRestores(spec, xs, ys, ws)) {
            Tensor convTY = Tensor.zeros(xs);
            b.convTranspose(y, w, null, spec, convTY);
            assertEquals(lhs, NumericGradient.dot(x.data(), convTY.data()), 1e-4 * (1 + Math.abs(lhs)));
        }
    }

    private static boolean transposedRestores(ConvSpec spec, Shape xs, Shape ys, Shape ws) {
        for (int a = 0; a < spec.spatialRank(); a++) {
            int full = (ys.dim(a + 2) - 1) * spec.stride(a) + spec.dilation(a) * (ws.dim(a + 2) - 1) + 1;
            if (full - spec.padBefore(a) - spec.padAfter(a) != xs.dim(a + 2)) {
                return false;
            }
        }
        return true;
    }
}
