package dev.dicenet.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.tensor.DiceOptions;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.LossGradient;
import dev.dicenet.tensor.ReferenceBackend;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MATLAB's properties and behaviour of dicePixelClassificationLayer. */
class DicePixelClassificationLayerTest {
    @Test
    void matlabPropertiesBeforeAndAfterTraining() {
        DicePixelClassificationLayer l = Layers.dicePixelClassificationLayer().name("pixclass");
        assertEquals("pixclass", l.name());
        assertTrue(l.hasAutoClasses());
        assertEquals("auto", l.outputSizeText());
        assertEquals("generalizedDiceLoss", l.lossFunction());
        assertEquals(1, l.numInputs());
        assertEquals(List.of("in"), l.inputNames());
        assertEquals("Generalized Dice loss ", l.description());
        assertEquals(DiceOptions.defaults(), l.options());
        l.resolve(List.of("road", "sky", "car"), Shape.of(3, 480, 640));
        assertEquals(List.of("road", "sky", "car"), l.classes());
        assertEquals("[480 640 3]", l.outputSizeText());
        assertEquals("Generalized Dice loss with classes 'road', 'sky' and 'car'", l.description());
        l.resolve(List.of("a", "b"), Shape.of(3, 4, 8, 8));
        assertEquals("[8 8 4 3]", l.outputSizeText());
    }

    @Test
    void classesAreValidated() {
        DicePixelClassificationLayer l = Layers.dicePixelClassificationLayer().name("d");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.classes("only"));
        assertTrue(e.getMessage().startsWith("Layer 'd' (Dice Pixel Classification Layer): Classes needs at least two"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> l.classes("a", "b", "a"));
        assertTrue(e.getMessage().contains("'a' appears twice"), e.getMessage());
        l.classes("b", "a");
        assertEquals(List.of("b", "a"), l.classes()); // the given order, not sorted
        e = assertThrows(IllegalArgumentException.class, () -> l.outputSize(Shape.of(3, 4, 4)));
        assertTrue(e.getMessage().contains("2 Classes") && e.getMessage().contains("3 channels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> l.outputSize(Shape.of(2, 4)));
    }

    @Test
    void lossErrorsNameTheLayer() {
        DicePixelClassificationLayer l = Layers.dicePixelClassificationLayer().name("pixclass");
        Tensor y = Tensor.of(Shape.of(1, 2, 1, 2), 0.5f, 0.5f, 0.5f, 0.5f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.lossNamed(
                new ReferenceBackend(), y, LabelMap.of(Shape.of(1, 1, 2), 0, 5), null, LossGradient.PROBABILITIES, null));
        assertTrue(e.getMessage().startsWith("Layer 'pixclass' (Dice Pixel Classification Layer): generalized Dice loss: "
                + "label 5"), e.getMessage());
    }

    @Test
    void matlabPresetUsesMatlabsAbsentClassWeight() {
        assertEquals(DiceOptions.AbsentClassPolicy.MATLAB,
                DicePixelClassificationLayer.matlabCompatible().options().absentClassPolicy());
    }
}
