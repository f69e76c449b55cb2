package dev.dicenet.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.tensor.testing.NumericGradient;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-worked convolutions; backward passes against central differences. */
class ConvolutionTest {
    private final Backend b = new ReferenceBackend();

    /** x[r][c] = 5r + c + 1 on a 5x5 image. */
    private static Tensor ramp5x5() {
        float[] v = new float[25];
        for (int i = 0; i < 25; i++) {
            v[i] = i + 1;
        }
        return Tensor.of(Shape.of(1, 1, 5, 5), v);
    }

    @Test
    void stride2Padding1OnesKernelSumsTheClippedNeighbourhood() {
        Tensor w = Tensor.of(Shape.of(1, 1, 3, 3), 1, 1, 1, 1, 1, 1, 1, 1, 1);
        Tensor y = Tensor.zeros(1, 1, 3, 3);
        b.conv(ramp5x5(), w, null, ConvSpec.uniform(2, 2, 1), y);
        // Worked by hand: e.g. y[0][0] = 1+2+6+7, y[1][1] = 7+8+9+12+13+14+17+18+19.
        assertArrayEquals(new float[] {16, 33, 28, 69, 117, 87, 76, 123, 88}, y.data());
    }

    @Test
    void kernelIsNotFlipped() {
        // Only the top-left tap: y[i][j] = x[2i-1][2j-1] (0 on the padding).
        Tensor w = Tensor.of(Shape.of(1, 1, 3, 3), 1, 0, 0, 0, 0, 0, 0, 0, 0);
        Tensor bias = Tensor.of(Shape.of(1), 0.5f);
        Tensor y = Tensor.zeros(1, 1, 3, 3);
        b.conv(ramp5x5(), w, bias, ConvSpec.uniform(2, 2, 1), y);
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f, 7.5f, 9.5f, 0.5f, 17.5f, 19.5f}, y.data());
    }

    @Test
    void asymmetricPaddingAndDilation() {
        // 1x4 input, kernel [1 2] dilated by 2, padding left 0 right 2: taps at i and i+2.
        ConvSpec spec = ConvSpec.of2d(new int[] {1, 1}, new int[] {0, 0, 0, 2}, new int[] {1, 2});
        Tensor x = Tensor.of(Shape.of(1, 1, 1, 4), 1, 2, 3, 4);
        Tensor w = Tensor.of(Shape.of(1, 1, 1, 2), 1, 2);
        assertEquals(Shape.of(1, 1, 1, 4), spec.convOutputShape(x.shape(), w.shape()));
        Tensor y = Tensor.zeros(1, 1, 1, 4);
        b.conv(x, w, null, spec, y);
        assertArrayEquals(new float[] {1 + 2 * 3, 2 + 2 * 4, 3, 4}, y.data());
    }

    @Test
    void transposedStride2Kernel2TilesEachPixel() {
        // y[2i+u][2j+v] = x[i][j] w[u][v] + bias: the seed's upsampling layer.
        Tensor x = Tensor.of(Shape.of(1, 1, 2, 2), 1, 2, 3, 4);
        Tensor w = Tensor.of(Shape.of(1, 1, 2, 2), 1, 10, 100, 1000);
        Tensor bias = Tensor.of(Shape.of(1), 1);
        ConvSpec spec = ConvSpec.uniform(2, 2, 0);
        assertEquals(Shape.of(1, 1, 4, 4), spec.transposedOutputShape(x.shape(), w.shape()));
        Tensor y = Tensor.zeros(1, 1, 4, 4);
        b.convTranspose(x, w, bias, spec, y);
        assertArrayEquals(new float[] {
            2, 11, 3, 21,
            101, 1001, 201, 2001,
            4, 31, 5, 41,
            301, 3001, 401, 4001}, y.data());
    }

    @Test
    void transposedOutputSizeWithCropping() {
        // (in - 1) * stride + filter - cropping = (3-1)*2 + 3 - 2 = 5
        ConvSpec spec = ConvSpec.of2d(new int[] {2, 2}, new int[] {1, 1, 0, 2}, new int[] {1, 1});
        assertEquals(Shape.of(2, 4, 5, 5), spec.transposedOutputShape(Shape.of(2, 3, 3, 3), Shape.of(3, 4, 3, 3)));
    }

    @Test
    void shapeErrorsNameTheProblem() {
        Tensor x = Tensor.zeros(1, 2, 5, 5);
        Tensor w = Tensor.zeros(4, 3, 3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.conv(x, w, null, ConvSpec.uniform(2, 1, 1), Tensor.zeros(1, 4, 5, 5)));
        assertTrue(e.getMessage().contains("input has 2 channels but weights [4x3x3x3] expect 3"), e.getMessage());
        Tensor w2 = Tensor.zeros(4, 2, 3, 3);
        e = assertThrows(IllegalArgumentException.class,
                () -> b.conv(x, w2, null, ConvSpec.uniform(2, 1, 1), Tensor.zeros(1, 4, 4, 4)));
        assertTrue(e.getMessage().contains("expected shape [1x4x5x5], got [1x4x4x4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConvSpec.uniform(2, 0, 1));
        assertTrue(e.getMessage().contains("stride must be >= 1"), e.getMessage());
    }

    @Test
    void backwardDataAndWeightsMatchCentralDifferences2d() {
        checkConvGradients(Shape.of(2, 3, 5, 6), Shape.of(4, 3, 3, 2),
                ConvSpec.of2d(new int[] {2, 1}, new int[] {1, 0, 2, 1}, new int[] {1, 2}), false);
    }

    @Test
    void backwardDataAndWeightsMatchCentralDifferences3d() {
        checkConvGradients(Shape.of(1, 2, 4, 3, 5), Shape.of(3, 2, 2, 3, 2),
                ConvSpec.of3d(new int[] {1, 2, 1}, new int[] {0, 1, 1, 1, 0, 2}, new int[] {2, 1, 1}), false);
    }

    @Test
    void transposedBackwardMatchesCentralDifferences2d() {
        checkConvGradients(Shape.of(2, 3, 3, 4), Shape.of(3, 2, 3, 2),
                ConvSpec.of2d(new int[] {2, 3}, new int[] {1, 0, 0, 1}, new int[] {1, 1}), true);
    }

    @Test
    void transposedBackwardMatchesCentralDifferences3d() {
        checkConvGradients(Shape.of(1, 2, 2, 3, 2), Shape.of(2, 3, 2, 2, 3),
                ConvSpec.of3d(new int[] {2, 1, 2}, new int[] {0, 1, 0, 0, 1, 1}, new int[] {1, 2, 1}), true);
    }

    /**
     * L = sum(r * f(x, w, b)) is linear in each of x, w, b, so central differences are exact up to
     * float rounding of the forward sums: tolerance 2e-3 relative to the gradient's scale.
     */
    private void checkConvGradients(Shape xs, Shape ws, ConvSpec spec, boolean transposed) {
        Random rnd = new Random(42);
        Tensor x = Tensor.of(xs, NumericGradient.random(rnd, xs.size(), -1, 1));
        Tensor w = Tensor.of(ws, NumericGradient.random(rnd, ws.size(), -1, 1));
        int filters = transposed ? ws.dim(1) : ws.dim(0);
        Tensor bias = Tensor.of(Shape.of(filters), NumericGradient.random(rnd, filters, -1, 1));
        Shape ys = transposed ? spec.transposedOutputShape(xs, ws) : spec.convOutputShape(xs, ws);
        Tensor r = Tensor.of(ys, NumericGradient.random(rnd, ys.size(), -1, 1));
        Tensor y = Tensor.zeros(ys);
        java.util.function.DoubleSupplier loss = () -> {
            if (transposed) {
                b.convTranspose(x, w, bias, spec, y);
            } else {
                b.conv(x, w, bias, spec, y);
            }
            return NumericGradient.dot(y.data(), r.data());
        };
        Tensor dx = Tensor.zeros(xs);
        Tensor dw = Tensor.zeros(ws);
        Tensor db = Tensor.zeros(filters);
        if (transposed) {
            b.convTransposeBackwardData(r, w, spec, dx);
            b.convTransposeBackwardWeights(r, x, spec, dw);
        } else {
            b.convBackwardData(r, w, spec, dx);
            b.convBackwardWeights(r, x, spec, dw);
        }
        b.biasGradient(r, db);
        assertClose(NumericGradient.centralDifference(x.data(), loss, 1e-2), dx.data(), "dx");
        assertClose(NumericGradient.centralDifference(w.data(), loss, 1e-2), dw.data(), "dw");
        assertClose(NumericGradient.centralDifference(bias.data(), loss, 1e-2), db.data(), "db");
    }

    static void assertClose(double[] expected, float[] actual, String what) {
        double scale = 1e-3;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-3 * scale, what + " at index " + i);
        }
    }
}
