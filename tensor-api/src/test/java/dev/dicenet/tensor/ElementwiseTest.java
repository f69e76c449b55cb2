package dev.dicenet.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ElementwiseTest {
    private final Backend b = new ReferenceBackend();

    @Test
    void arithmeticAndReductions() {
        Tensor x = Tensor.of(Shape.of(4), 1, 2, 3, 4);
        Tensor y = Tensor.of(Shape.of(4), 10, 20, 30, 40);
        Tensor out = Tensor.zeros(4);
        b.add(x, y, out);
        assertArrayEquals(new float[] {11, 22, 33, 44}, out.data());
        b.mul(x, y, out);
        assertArrayEquals(new float[] {10, 40, 90, 160}, out.data());
        b.axpy(-2, x, out);
        assertArrayEquals(new float[] {8, 36, 84, 152}, out.data());
        b.scale(0.5f, out);
        assertArrayEquals(new float[] {4, 18, 42, 76}, out.data());
        assertEquals(10, b.sum(x));
        assertEquals(300, b.dot(x, y));
        b.copy(y, out);
        assertArrayEquals(y.data(), out.data());
        b.fill(out, 7);
        assertArrayEquals(new float[] {7, 7, 7, 7}, out.data());
        assertThrows(IllegalArgumentException.class, () -> b.add(x, Tensor.zeros(3), out));
    }

    @Test
    void sumsAreAccumulatedInDouble() {
        // 2^24 + many ones: a float running sum would stall at 2^24.
        float[] v = new float[1 << 20];
        java.util.Arrays.fill(v, 1f);
        v[0] = 1 << 24;
        assertEquals((1 << 24) + (1 << 20) - 1, b.sum(Tensor.wrap(Shape.of(v.length), v)));
    }

    @Test
    void sgdmUpdateFollowsMatlab() {
        Tensor p = Tensor.of(Shape.of(2), 1, -1);
        Tensor g = Tensor.of(Shape.of(2), 0.5f, 0.25f);
        Tensor v = Tensor.of(Shape.of(2), 0.1f, 0);
        b.sgdmUpdate(p, g, v, 0.1f, 0.9f, 0.01f);
        // v = 0.9 v - 0.1 (g + 0.01 p); p += v
        float v0 = 0.9f * 0.1f - 0.1f * (0.5f + 0.01f);
        float v1 = -0.1f * (0.25f - 0.01f);
        assertArrayEquals(new float[] {v0, v1}, v.data(), 1e-7f);
        assertArrayEquals(new float[] {1 + v0, -1 + v1}, p.data(), 1e-7f);
    }

    @Test
    void adamFirstStepMovesByTheLearnRate() {
        // At step 1 the bias-corrected m/sqrt(v) is sign(g), so every parameter moves by lr.
        Tensor p = Tensor.of(Shape.of(3), 1, 2, 3);
        Tensor g = Tensor.of(Shape.of(3), 0.3f, -5, 1e-3f);
        Tensor m = Tensor.zeros(3);
        Tensor v = Tensor.zeros(3);
        b.adamUpdate(p, g, m, v, 0.01f, 0.9f, 0.999f, 1e-8f, 1, 0);
        assertArrayEquals(new float[] {0.99f, 2.01f, 2.99f}, p.data(), 1e-5f);
        assertArrayEquals(new float[] {0.03f, -0.5f, 1e-4f}, m.data(), 1e-6f);
        // Step 2 with the same gradient: still exactly lr per step (m^ = g, v^ = g^2).
        b.adamUpdate(p, g, m, v, 0.01f, 0.9f, 0.999f, 1e-8f, 2, 0);
        assertArrayEquals(new float[] {0.98f, 2.02f, 2.98f}, p.data(), 1e-5f);
        assertThrows(IllegalArgumentException.class, () -> b.adamUpdate(p, g, m, v, 0.01f, 0.9f, 0.999f, 1e-8f, 0, 0));
    }
}
