package dev.dicenet.training;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.data.InMemoryData;
import dev.dicenet.data.SyntheticShapes;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.layers.Layers;
import dev.dicenet.network.Network;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.ReferenceBackend;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows of the bad-input catalogue (docs/bad-inputs.md) not pinned elsewhere. */
class BadInputTest {
    private static void assertMessage(IllegalArgumentException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }

    @Test
    void classesThatDoNotMatchTheData() {
        LayerArray layers = ExampleTrainingTest.example(16, 16);
        layers.outputLayer().classes("a", "b", "c", "d").name("out");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.trainNetwork(
                new SyntheticShapes(16, 16, 20).generate(4, 1), layers, TrainingOptions.trainingOptions("sgdm")));
        assertMessage(e, "Layer 'out'", "Classes [a, b, c, d]", "[background, road, car, sign]");
    }

    @Test
    void imagesOfAnotherSizeThanTheInputLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.trainNetwork(
                new SyntheticShapes(32, 32, 20).generate(4, 1), ExampleTrainingTest.example(16, 16),
                TrainingOptions.trainingOptions("sgdm")));
        assertMessage(e, "Image Input", "[3x16x16]", "[3x32x32]");
    }

    @Test
    void emptyDataSet() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.trainNetwork(
                new InMemoryData(List.of("a", "b"), Shape.of(3, 16, 16)), ExampleTrainingTest.example(16, 16),
                TrainingOptions.trainingOptions("sgdm")));
        assertMessage(e, "training data set is empty");
    }

    @Test
    void inMemoryImagesOfAnotherSizeOrLabelsOutOfRange() {
        InMemoryData d = new InMemoryData(List.of("a", "b"), Shape.of(1, 2, 2));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.add("big.png", new float[8], new int[4])),
                "big.png", "8 values, expected 4");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> d.add("mask.png", new float[4], new int[] {0, 1, 2, 0})),
                "mask.png", "label 2 at pixel 2", "expected 0..1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> new InMemoryData(List.of("only"), Shape.of(1, 2, 2))),
                "at least two classes");
    }

    @Test
    void aBatchOfTheWrongShapeNamesTheInputLayer() {
        LayerArray layers = ExampleTrainingTest.example(16, 16);
        Trainer.prepare(new SyntheticShapes(16, 16, 20).generate(2, 1), layers, TrainingOptions.trainingOptions("sgdm"));
        Network net = new Network(layers, new ReferenceBackend());
        assertMessage(assertThrows(IllegalArgumentException.class, () -> net.forward(Tensor.zeros(2, 3, 16, 8))),
                "imageinput", "[2x3x16x8]");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> net.lossAndGradients(Tensor.zeros(2, 3, 16, 16),
                LabelMap.zeros(Shape.of(2, 16, 15)), null)), "Dice Pixel Classification Layer", "[2x16x15]");
    }

    @Test
    void layerOptionsOutOfRange() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Layers.convolution2dLayer(3, 0)),
                "number of filters must be >= 1");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Layers.transposedConv2dLayer(2, 4).name("t")
                .cropping(-1)), "Layer 't'", "Cropping must be >= 0");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Layers.imageInputLayer(4, 4, 3)
                .normalization("whiten")), "unknown Normalization 'whiten'");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Layers.pixelClassificationLayer()
                .classWeights(1, -2)), "ClassWeights must be finite and >= 0");
    }
}
