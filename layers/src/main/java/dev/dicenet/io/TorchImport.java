package dev.dicenet.io;

import dev.dicenet.layers.LayerArray;
import dev.dicenet.layers.Layers;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports the state_dict of the PyTorch peer of the seed's example network (scripts/torch_export.py:
 * mean_image [C,H,W], conv.weight [F,C,3,3], conv.bias, tconv.weight [F,K,2,2], tconv.bias) as a
 * trained dicenet layer array. The layouts are the same (NCHW; ConvTranspose2d's [in, out, kh, kw]
 * is dicenet's transposed convolution layout), so the weights are used as they are; mean_image
 * becomes 'zerocenter' normalization per element.
 */
public final class TorchImport {
    private TorchImport() {
    }

    /** The example array with the file's weights; {@code classes} null names them class1..classK. */
    public static LayerArray exampleNetwork(Path file, List<String> classes) throws ModelFormatException {
        SafeTensors.Contents c = SafeTensors.read(file);
        SafeTensors.Entry mean = c.tensors.get("mean_image");
        SafeTensors.Entry cw = require(c, file, "conv.weight", 4);
        SafeTensors.Entry cb = require(c, file, "conv.bias", 1);
        SafeTensors.Entry tw = require(c, file, "tconv.weight", 4);
        SafeTensors.Entry tb = require(c, file, "tconv.bias", 1);
        if (mean == null || mean.shape.length != 3) {
            throw SafeTensors.bad(file, "tensor mean_image [C,H,W] is missing: it gives the input size");
        }
        int ch = mean.shape[0];
        int h = mean.shape[1];
        int w = mean.shape[2];
        int k = tw.shape[1];
        List<String> names = classes;
        if (names == null) {
            names = new ArrayList<>();
            for (int i = 1; i <= k; i++) {
                names.add("class" + i);
            }
        }
        try {
            LayerArray layers = LayerArray.of(
                    Layers.imageInputLayer(h, w, ch).normalizationDimension("element").mean(mean.values).name("imageinput"),
                    Layers.convolution2dLayer(new int[] {cw.shape[2], cw.shape[3]}, cw.shape[0]).stride(2).padding(1)
                            .weights(tensor(cw)).bias(tensor(cb)).name("conv"),
                    Layers.reluLayer().name("relu"),
                    Layers.transposedConv2dLayer(new int[] {tw.shape[2], tw.shape[3]}, k).stride(2)
                            .weights(tensor(tw)).bias(tensor(tb)).name("tconv"),
                    Layers.softmaxLayer().name("softmax"),
                    Layers.dicePixelClassificationLayer().classes(names).name("dice"));
            List<Shape> sizes = layers.validate();
            Shape size = layers.inputLayer().inputSize();
            for (var l : layers) {
                l.initialize(size, new java.util.Random(0)); // all weights given: checks their shapes
                size = l.outputSize(size);
            }
            layers.outputLayer().resolve(names, sizes.get(sizes.size() - 1));
            return layers;
        } catch (IllegalArgumentException e) {
            throw SafeTensors.bad(file, "does not hold the example network: " + e.getMessage());
        }
    }

    private static SafeTensors.Entry require(SafeTensors.Contents c, Path file, String name, int rank)
            throws ModelFormatException {
        SafeTensors.Entry e = c.tensors.get(name);
        if (e == null || e.shape.length != rank) {
            throw SafeTensors.bad(file, "tensor " + name + " of rank " + rank + " is missing");
        }
        return e;
    }

    private static Tensor tensor(SafeTensors.Entry e) {
        return Tensor.wrap(Shape.of(e.shape), e.values);
    }
}
