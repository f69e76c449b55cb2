package dev.dicenet.layers;

import static dev.dicenet.layers.Layers.convolution2dLayer;
import static dev.dicenet.layers.Layers.dicePixelClassificationLayer;
import static dev.dicenet.layers.Layers.imageInputLayer;
import static dev.dicenet.layers.Layers.reluLayer;
import static dev.dicenet.layers.Layers.softmaxLayer;
import static dev.dicenet.layers.Layers.transposedConv2dLayer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerArrayTest {
    /** The seed page's example, as written there. */
    static LayerArray seedExample() {
        return LayerArray.of(
                imageInputLayer(480, 640, 3),
                convolution2dLayer(3, 16).stride(2).padding(1),
                reluLayer(),
                transposedConv2dLayer(2, 4).stride(2),
                softmaxLayer(),
                dicePixelClassificationLayer());
    }

    /** Copied from the seed page, including the trailing space of the last row. */
    static final String SEED_TABLE = String.join("\n",
            "  6x1 Layer array with layers:",
            "",
            "     1   ''   Image Input                       480x640x3 images with 'zerocenter' normalization",
            "     2   ''   Convolution                       16 3x3 convolutions with stride [2  2] and padding [1  1  1  1]",
            "     3   ''   ReLU                              ReLU",
            "     4   ''   Transposed Convolution            4 2x2 transposed convolutions with stride [2  2] and cropping [0  0  0  0]",
            "     5   ''   Softmax                           softmax",
            "     6   ''   Dice Pixel Classification Layer   Generalized Dice loss ");

    @Test
    void printsTheSeedTableExactly() {
        assertEquals(SEED_TABLE, seedExample().toString());
    }

    @Test
    void printsTheSeedTableAsInTheSharedCopyOfThePage() throws Exception {
        java.nio.file.Path seed = java.nio.file.Path.of("../../shared/seed/dicePixelClassificationLayer.txt");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(seed), "seed page not beside the project");
        List<String> lines = java.nio.file.Files.readAllLines(seed);
        int start = lines.indexOf("  6x1 Layer array with layers:");
        assertEquals(String.join("\n", lines.subList(start, start + 8)), seedExample().toString());
    }

    @Test
    void sizesOfTheExampleFit() {
        List<Shape> sizes = seedExample().validate();
        assertEquals(Shape.of(3, 480, 640), sizes.get(0));
        assertEquals(Shape.of(16, 240, 320), sizes.get(1));
        assertEquals(Shape.of(4, 480, 640), sizes.get(3));
        assertEquals(Shape.of(4, 480, 640), sizes.get(5));
    }

    @Test
    void namedLayersAndOtherConfigurationsPrintInTheSameStyle() {
        LayerArray a = LayerArray.of(
                imageInputLayer(32, 32, 1).normalization("none").name("in"),
                convolution2dLayer(new int[] {3, 5}, 8).padding("same").dilationFactor(2).name("conv"),
                reluLayer().name("relu"),
                convolution2dLayer(1, 2).name("score"),
                softmaxLayer().name("sm"),
                Layers.pixelClassificationLayer().classes("a", "b").name("out"));
        assertEquals(String.join("\n",
                "  6x1 Layer array with layers:",
                "",
                "     1   'in'      Image Input                  32x32x1 images",
                "     2   'conv'    Convolution                  8 3x5 convolutions with stride [1  1], padding 'same' and dilation factor [2  2]",
                "     3   'relu'    ReLU                         ReLU",
                "     4   'score'   Convolution                  2 1x1 convolutions with stride [1  1] and padding [0  0  0  0]",
                "     5   'sm'      Softmax                      softmax",
                "     6   'out'     Pixel Classification Layer   Cross-entropy loss with classes 'a' and 'b'"), a.toString());
        assertEquals(Shape.of(8, 32, 32), a.validate().get(1));
    }

    @Test
    void mismatchedSizesNameBothLayers() {
        LayerArray a = LayerArray.of(imageInputLayer(8, 8, 3), convolution2dLayer(3, 4).name("c1"),
                transposedConv2dLayer(2, 3).stride(2).name("up"), softmaxLayer(),
                dicePixelClassificationLayer().classes("a", "b").name("dice"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, a::validate);
        assertTrue(e.getMessage().contains("Layer 'dice'") && e.getMessage().contains("2 Classes")
                && e.getMessage().contains("3 channels") && e.getMessage().contains("Softmax layer with output size 12x12x3"),
                e.getMessage());
        LayerArray tooSmall = LayerArray.of(imageInputLayer(2, 2, 1), convolution2dLayer(5, 4).name("big"),
                softmaxLayer(), dicePixelClassificationLayer());
        e = assertThrows(IllegalArgumentException.class, tooSmall::validate);
        assertTrue(e.getMessage().startsWith("Layer 'big' (Convolution)") && e.getMessage().contains("2x2x1"), e.getMessage());
    }

    @Test
    void inputFirstOutputLastUniqueNames() {
        assertThrows(IllegalArgumentException.class,
                () -> LayerArray.of(reluLayer(), dicePixelClassificationLayer()).validate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerArray.of(imageInputLayer(4, 4, 2), reluLayer()).validate());
        assertTrue(e.getMessage().contains("last layer must be an output layer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LayerArray.of(imageInputLayer(4, 4, 2),
                reluLayer().name("x"), reluLayer().name("x"), dicePixelClassificationLayer()).validate());
        assertTrue(e.getMessage().contains("'x' is used twice"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LayerArray.of(imageInputLayer(4, 4, 2),
                imageInputLayer(4, 4, 2), dicePixelClassificationLayer()).validate());
    }

    @Test
    void emptyNamesAreFilledAsMatlabDoes() {
        LayerArray a = LayerArray.of(imageInputLayer(8, 8, 3), convolution2dLayer(3, 4), reluLayer(),
                convolution2dLayer(3, 4).name("conv_1"), convolution2dLayer(1, 2), softmaxLayer(),
                dicePixelClassificationLayer());
        a.assignNames();
        assertEquals(List.of("imageinput", "conv_2", "relu", "conv_1", "conv_3", "softmax", "dice-classoutput"),
                a.asList().stream().map(Layer::name).collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void invalidOptionsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> convolution2dLayer(3, 4).name("c").stride(-1));
        assertTrue(e.getMessage().startsWith("Layer 'c' (Convolution): Stride must be >= 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> convolution2dLayer(3, 4).padding(1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> convolution2dLayer(3, 4).padding("valid"));
        assertThrows(IllegalArgumentException.class, () -> convolution2dLayer(0, 4));
        assertThrows(IllegalArgumentException.class, () -> convolution2dLayer(3, 4).weightsInitializer("xavier"));
        LayerArray crop = LayerArray.of(imageInputLayer(2, 2, 1), transposedConv2dLayer(2, 2).cropping(3).name("t"),
                softmaxLayer(), dicePixelClassificationLayer());
        e = assertThrows(IllegalArgumentException.class, crop::validate);
        assertTrue(e.getMessage().startsWith("Layer 't' (Transposed Convolution)") && e.getMessage().contains("cropping"),
                e.getMessage());
    }

    @Test
    void threeDimensionalLayersDescribeThemselves() {
        LayerArray a = LayerArray.of(Layers.image3dInputLayer(8, 8, 4, 1), Layers.convolution3dLayer(3, 4).padding(1),
                reluLayer(), Layers.transposedConv3dLayer(2, 2).stride(2).cropping("same"), softmaxLayer(),
                dicePixelClassificationLayer());
        List<Shape> sizes = a.validate();
        assertEquals(Shape.of(4, 4, 8, 8), sizes.get(1));
        assertEquals(Shape.of(2, 8, 16, 16), sizes.get(3));
        assertTrue(a.toString().contains("8x8x4x1 images with 'zerocenter' normalization"), a.toString());
        assertTrue(a.toString().contains("4 3x3x3 convolutions with stride [1  1  1] and padding [1  1  1  1  1  1]"),
                a.toString());
    }
}
