package dev.dicenet.cli;

import static dev.dicenet.layers.Layers.convolution2dLayer;
import static dev.dicenet.layers.Layers.dicePixelClassificationLayer;
import static dev.dicenet.layers.Layers.imageInputLayer;
import static dev.dicenet.layers.Layers.pixelClassificationLayer;
import static dev.dicenet.layers.Layers.reluLayer;
import static dev.dicenet.layers.Layers.softmaxLayer;
import static dev.dicenet.layers.Layers.transposedConv2dLayer;

import dev.dicenet.layers.LayerArray;
import dev.dicenet.layers.OutputLayer;

/** The seed page's example array, its input size fitted to the data (height and width must be even). */
final class ExampleNetwork {
    private ExampleNetwork() {
    }

    enum Loss { DICE, CROSSENTROPY }

    static LayerArray build(int height, int width, int channels, int classes, Loss loss) {
        if (height % 2 != 0 || width % 2 != 0) {
            throw new IllegalArgumentException("the example network halves and doubles the image size: height and "
                    + "width must be even, got " + height + "x" + width + " (use --resize)");
        }
        OutputLayer out = loss == Loss.DICE ? dicePixelClassificationLayer() : pixelClassificationLayer();
        return LayerArray.of(
                imageInputLayer(height, width, channels),
                convolution2dLayer(3, 16).stride(2).padding(1),
                reluLayer(),
                transposedConv2dLayer(2, classes).stride(2),
                softmaxLayer(),
                out);
    }
}
