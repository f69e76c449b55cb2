package dev.dicenet.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.tensor.testing.NumericGradient;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ActivationTest {
    private final Backend b = new ReferenceBackend();

    @Test
    void reluAndItsBackward() {
        Tensor x = Tensor.of(Shape.of(1, 1, 1, 4), -2, 0, 0.5f, 3);
        Tensor y = Tensor.zeros(x.shape());
        b.relu(x, y);
        assertArrayEquals(new float[] {0, 0, 0.5f, 3}, y.data());
        Tensor dx = Tensor.zeros(x.shape());
        b.reluBackward(y, Tensor.of(x.shape(), 1, 2, 3, 4), dx);
        assertArrayEquals(new float[] {0, 0, 3, 4}, dx.data());
    }

    @Test
    void softmaxIsPerPixelOverChannels() {
        // 2 channels, 2 pixels: pixel 0 logits (0, ln 3), pixel 1 logits (1, 1).
        Tensor x = Tensor.of(Shape.of(1, 2, 1, 2), 0, 1, (float) Math.log(3), 1);
        Tensor y = Tensor.zeros(x.shape());
        b.softmax(x, y);
        assertArrayEquals(new float[] {0.25f, 0.5f, 0.75f, 0.5f}, y.data(), 1e-6f);
    }

    @Test
    void softmaxIsStableForHugeLogits() {
        Tensor x = Tensor.of(Shape.of(1, 3, 1, 2), 1e4f, -1e4f, -1e4f, -1e4f, 1e4f - 1, 1e4f);
        Tensor y = Tensor.zeros(x.shape());
        b.softmax(x, y);
        for (float v : y.data()) {
            assertTrue(Float.isFinite(v));
        }
        // Layout [c][pixel]: pixel 0 has logits (1e4, -1e4, 1e4-1), pixel 1 (-1e4, -1e4, 1e4).
        assertEquals(1 / (1 + Math.exp(-1)), y.get(0), 1e-6);
        assertEquals(0f, y.get(2), 0f);
        assertEquals(1 / (1 + Math.E), y.get(4), 1e-6);
        assertEquals(0f, y.get(1), 0f);
        assertEquals(0f, y.get(3), 0f);
        assertEquals(1f, y.get(5), 0f);
    }

    @Test
    void softmaxBackwardMatchesCentralDifferences() {
        Random r = new Random(7);
        Shape s = Shape.of(2, 5, 1, 3, 2);
        Tensor x = Tensor.of(s, NumericGradient.random(r, s.size(), -3, 3));
        Tensor weights = Tensor.of(s, NumericGradient.random(r, s.size(), -1, 1));
        Tensor y = Tensor.zeros(s);
        java.util.function.DoubleSupplier loss = () -> {
            b.softmax(x, y);
            return NumericGradient.dot(y.data(), weights.data());
        };
        loss.getAsDouble();
        Tensor dx = Tensor.zeros(s);
        b.softmaxBackward(y, weights, dx);
        ConvolutionTest.assertClose(NumericGradient.centralDifference(x.data(), loss, 1e-2), dx.data(), "dx");
    }

    @Test
    void affineBroadcastsOverTheBatch() {
        Tensor x = Tensor.of(Shape.of(2, 1, 1, 2), 1, 2, 3, 4);
        Tensor scale = Tensor.of(Shape.of(1, 1, 2), 2, 3);
        Tensor offset = Tensor.of(Shape.of(1, 1, 2), -1, 1);
        Tensor y = Tensor.zeros(x.shape());
        b.affine(x, scale, offset, y);
        assertArrayEquals(new float[] {1, 7, 5, 13}, y.data());
        Tensor dx = Tensor.zeros(x.shape());
        b.affineBackward(Tensor.of(x.shape(), 1, 1, 2, 2), scale, dx);
        assertArrayEquals(new float[] {2, 3, 4, 6}, dx.data());
    }

    @Test
    void argmaxTakesTheFirstOnTies() {
        Tensor s = Tensor.of(Shape.of(1, 3, 1, 3), 0.2f, 0.5f, 0.1f, 0.7f, 0.5f, 0.1f, 0.1f, 0, 0.8f);
        LabelMap l = LabelMap.zeros(Shape.of(1, 1, 3));
        b.argmax(s, l);
        assertArrayEquals(new int[] {1, 0, 2}, l.labels());
    }
}
