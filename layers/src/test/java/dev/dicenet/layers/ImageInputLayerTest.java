package dev.dicenet.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.tensor.ReferenceBackend;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ImageInputLayerTest {
    /** Two 1x2 images with 2 channels: channel 0 = {1, 3} and {5, 7}; channel 1 = {0, 0} and {2, 2}. */
    private static float[][] images() {
        return new float[][] {{1, 3, 0, 0}, {5, 7, 2, 2}};
    }

    private static float[] run(ImageInputLayer l) {
        InputStatistics s = l.newStatistics();
        for (float[] im : images()) {
            s.add(im, 0, im.length);
        }
        l.fitStatistics(s);
        Tensor x = Tensor.of(Shape.of(1, 2, 1, 2), images()[0]);
        Tensor y = Tensor.zeros(x.shape());
        l.forward(new ReferenceBackend(), x, y);
        return y.data();
    }

    @Test
    void everyNormalizationPerChannel() {
        // channel 0: mean 4, std sqrt(5), min 1, max 7; channel 1: mean 1, std 1, min 0, max 2
        assertArrayEquals(new float[] {-3, -1, -1, -1}, run(Layers.imageInputLayer(1, 2, 2)), 1e-6f);
        float s5 = (float) Math.sqrt(5);
        assertArrayEquals(new float[] {-3 / s5, -1 / s5, -1, -1},
                run(Layers.imageInputLayer(1, 2, 2).normalization("zscore")), 1e-6f);
        assertArrayEquals(new float[] {0, 2f / 6, 0, 0},
                run(Layers.imageInputLayer(1, 2, 2).normalization("rescale-zero-one")), 1e-6f);
        assertArrayEquals(new float[] {-1, 2 * 2f / 6 - 1, -1, -1},
                run(Layers.imageInputLayer(1, 2, 2).normalization("rescale-symmetric")), 1e-6f);
        assertArrayEquals(images()[0], run(Layers.imageInputLayer(1, 2, 2).normalization("none")), 0f);
    }

    @Test
    void perElementIsAMeanImage() {
        // means per element: (3, 5, 1, 1)
        assertArrayEquals(new float[] {-2, -2, -1, -1},
                run(Layers.imageInputLayer(1, 2, 2).normalizationDimension("element")), 1e-6f);
        // all: mean 20/8 = 2.5
        assertArrayEquals(new float[] {-1.5f, 0.5f, -2.5f, -2.5f},
                run(Layers.imageInputLayer(1, 2, 2).normalizationDimension("all")), 1e-6f);
    }

    @Test
    void givenStatisticsAreKept() {
        ImageInputLayer l = Layers.imageInputLayer(1, 2, 2).mean(10, 20);
        assertArrayEquals(new float[] {-9, -7, -20, -20}, run(l), 1e-6f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layers.imageInputLayer(1, 2, 2).name("in").mean(1, 2, 3));
        assertTrue(e.getMessage().startsWith("Layer 'in' (Image Input): Mean needs 2 values"), e.getMessage());
    }

    @Test
    void wrongImageSizeNamesTheLayer() {
        ImageInputLayer l = Layers.imageInputLayer(4, 4, 3).normalization("none").name("input");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> l.forward(new ReferenceBackend(), Tensor.zeros(1, 3, 4, 5), Tensor.zeros(1, 3, 4, 5)));
        assertTrue(e.getMessage().startsWith("Layer 'input' (Image Input): expects images of size 4x4x3"), e.getMessage());
        ImageInputLayer untrained = Layers.imageInputLayer(1, 2, 2);
        assertThrows(IllegalArgumentException.class,
                () -> untrained.forward(new ReferenceBackend(), Tensor.zeros(1, 2, 1, 2), Tensor.zeros(1, 2, 1, 2)));
    }
}
