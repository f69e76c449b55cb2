package dev.dicenet.bench;

import static dev.dicenet.layers.Layers.convolution2dLayer;
import static dev.dicenet.layers.Layers.dicePixelClassificationLayer;
import static dev.dicenet.layers.Layers.imageInputLayer;
import static dev.dicenet.layers.Layers.reluLayer;
import static dev.dicenet.layers.Layers.softmaxLayer;
import static dev.dicenet.layers.Layers.transposedConv2dLayer;

import dev.dicenet.data.Batch;
import dev.dicenet.data.InMemoryData;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.Backends;
import dev.dicenet.tensor.Shape;
import dev.dicenet.training.Trainer;
import dev.dicenet.training.TrainingOptions;
import java.util.List;
import java.util.Random;

/**
 * The benchmark workload: the seed's example network (4 classes) on random images of the given
 * size, like the PyTorch peer's (uniform pixels, 5% undefined labels).
 */
final class Workload {
    static final int CLASSES = 4;

    final int batch;
    final int height;
    final int width;
    final LayerArray layers;
    final Batch data;

    Workload(int batch, String size) {
        String[] hw = size.split("x");
        this.batch = batch;
        this.height = Integer.parseInt(hw[0]);
        this.width = Integer.parseInt(hw[1]);
        Random r = new Random(0);
        InMemoryData d = new InMemoryData(List.of("c0", "c1", "c2", "c3"), Shape.of(3, height, width));
        int[] order = new int[batch];
        for (int i = 0; i < batch; i++) {
            float[] img = new float[3 * height * width];
            for (int j = 0; j < img.length; j++) {
                img[j] = r.nextFloat();
            }
            int[] l = new int[height * width];
            for (int j = 0; j < l.length; j++) {
                l[j] = r.nextDouble() < 0.05 ? -1 : r.nextInt(CLASSES);
            }
            d.add("img" + i, img, l);
            order[i] = i;
        }
        layers = LayerArray.of(imageInputLayer(height, width, 3), convolution2dLayer(3, 16).stride(2).padding(1),
                reluLayer(), transposedConv2dLayer(2, CLASSES).stride(2), softmaxLayer(), dicePixelClassificationLayer());
        Trainer.prepare(d, layers, TrainingOptions.trainingOptions("sgdm").seed(0));
        data = new Batch(batch, d.imageSize()).load(d, order, 0);
    }

    static Backend backend(String name) {
        return Backends.choose(name, "the benchmark parameter").backend();
    }

    /** Multiply-accumulates of one forward pass per image (the two convolutions, taps on padding included). */
    long forwardMacsPerImage() {
        long hidden = (long) (height / 2) * (width / 2);
        return hidden * 16 * 3 * 9 + (long) height * width * 16;
    }
}
