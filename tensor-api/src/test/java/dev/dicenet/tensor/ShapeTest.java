package dev.dicenet.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShapeTest {
    @Test
    void sizesAndPrinting() {
        Shape s = Shape.of(2, 3, 4, 5);
        assertEquals(120, s.size());
        assertEquals(20, s.sizeFrom(2));
        assertEquals("[2x3x4x5]", s.toString());
        assertEquals(Shape.of(3, 4, 5), s.dropFirst());
        assertEquals(Shape.of(2, 7, 4, 5), s.withDim(1, 7));
    }

    @Test
    void rejectsNonPositiveDimensions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 0, 3));
        assertTrue(e.getMessage().contains(">= 1"), e.getMessage());
    }

    @Test
    void rejectsOverflowingShapes() {
        assertThrows(IllegalArgumentException.class, () -> Shape.of(65536, 65536));
    }

    @Test
    void mismatchNamesBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.of(1, 2).requireEqual(Shape.of(2, 1), "conv output"));
        assertEquals("conv output: expected shape [1x2], got [2x1]", e.getMessage());
    }

    @Test
    void tensorNeedsMatchingData() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(Shape.of(2, 2), 1, 2, 3));
        Tensor t = Tensor.of(Shape.of(2), 1, Float.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.requireFinite("layer 'x'"));
        assertTrue(e.getMessage().startsWith("layer 'x': value NaN at index 1"), e.getMessage());
    }

    @Test
    void labelMapChecksRangeAndShape() {
        LabelMap l = LabelMap.of(Shape.of(1, 1, 2), 0, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> l.requireCompatible(Shape.of(1, 3, 1, 2), "Dice"));
        assertTrue(e.getMessage().contains("label 3 at index 1 is out of range; expected 0..2"), e.getMessage());
        LabelMap wrong = LabelMap.of(Shape.of(1, 1, 3), 0, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> wrong.requireCompatible(Shape.of(1, 3, 1, 2), "Dice"));
    }
}
