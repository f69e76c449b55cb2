package dev.dicenet.io;

import static dev.dicenet.io.SafeTensors.bad;

import dev.dicenet.layers.ConvolutionLayer;
import dev.dicenet.layers.DicePixelClassificationLayer;
import dev.dicenet.layers.FilterLayer;
import dev.dicenet.layers.ImageInputLayer;
import dev.dicenet.layers.Layer;
import dev.dicenet.layers.Layers;
import dev.dicenet.layers.OutputLayer;
import dev.dicenet.layers.PixelClassificationLayer;
import dev.dicenet.layers.ReluLayer;
import dev.dicenet.layers.SoftmaxLayer;
import dev.dicenet.layers.TransposedConvolutionLayer;
import dev.dicenet.tensor.DiceOptions;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers to and from their JSON description (type, name, options) plus named tensors (weights,
 * biases, normalization statistics), for model files. Decoding validates every field.
 */
final class LayerCodec {
    private LayerCodec() {
    }

    // ---- encoding ------------------------------------------------------------------------------

    static Map<String, Object> encode(Layer l, Map<String, SafeTensors.Entry> tensors) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", l.name());
        if (l instanceof ImageInputLayer) {
            ImageInputLayer in = (ImageInputLayer) l;
            m.put("type", "imageInput");
            m.put("inputSize", in.inputSize().dims());
            m.put("normalization", in.normalization().matlabName());
            m.put("normalizationDimension", in.normalizationDimension().matlabName());
            put(tensors, l.name() + ".Mean", in.meanValues());
            put(tensors, l.name() + ".StandardDeviation", in.standardDeviationValues());
            put(tensors, l.name() + ".Min", in.minValues());
            put(tensors, l.name() + ".Max", in.maxValues());
        } else if (l instanceof FilterLayer) {
            FilterLayer f = (FilterLayer) l;
            m.put("type", l instanceof ConvolutionLayer ? "convolution" : "transposedConvolution");
            m.put("filterSize", f.filterSize());
            m.put("numFilters", f.numFilters());
            m.put("stride", f.stride());
            m.put(l instanceof ConvolutionLayer ? "padding" : "cropping", f.isSame() ? "same" : f.paddingValues());
            m.put("dilationFactor", f.dilationFactor());
            tensors.put(l.name() + ".Weights", entry(f.weights().value()));
            tensors.put(l.name() + ".Bias", entry(f.bias().value()));
        } else if (l instanceof ReluLayer) {
            m.put("type", "relu");
        } else if (l instanceof SoftmaxLayer) {
            m.put("type", "softmax");
        } else if (l instanceof DicePixelClassificationLayer) {
            DiceOptions o = ((DicePixelClassificationLayer) l).options();
            m.put("type", "dicePixelClassification");
            m.put("classes", ((OutputLayer) l).classes());
            m.put("weightType", o.weightType().name());
            m.put("denominator", o.denominator().name());
            m.put("absentClassPolicy", o.absentClassPolicy().name());
            m.put("reduction", o.reduction().name());
            m.put("smoothing", o.smoothing());
        } else if (l instanceof PixelClassificationLayer) {
            m.put("type", "pixelClassification");
            m.put("classes", ((OutputLayer) l).classes());
            put(tensors, l.name() + ".ClassWeights", ((PixelClassificationLayer) l).classWeights());
        } else {
            throw new IllegalArgumentException(l.who() + ": model files cannot hold layers of type " + l.getClass());
        }
        return m;
    }

    private static void put(Map<String, SafeTensors.Entry> tensors, String name, float[] values) {
        if (values != null) {
            tensors.put(name, new SafeTensors.Entry(new int[] {values.length}, values));
        }
    }

    private static SafeTensors.Entry entry(Tensor t) {
        return new SafeTensors.Entry(t.shape().dims(), t.data().clone());
    }

    // ---- decoding ------------------------------------------------------------------------------

    /** Rebuilds one layer; consumes the tensors it uses from {@code tensors}. */
    static Layer decode(Path file, Object json, int index, Map<String, SafeTensors.Entry> tensors)
            throws ModelFormatException {
        if (!(json instanceof Map)) {
            throw bad(file, "layer " + index + " must be a JSON object");
        }
        Fields f = new Fields(file, "layer " + index, (Map<?, ?>) json);
        String name = f.string("name");
        String type = f.string("type");
        f.where = "layer " + index + " ('" + name + "', " + type + ")";
        try {
            Layer layer;
            switch (type) {
                case "imageInput": layer = imageInput(f, name, tensors); break;
                case "convolution":
                case "transposedConvolution": layer = filter(f, type, name, tensors); break;
                case "relu": layer = Layers.reluLayer(); break;
                case "softmax": layer = Layers.softmaxLayer(); break;
                case "dicePixelClassification": layer = dice(f); break;
                case "pixelClassification": layer = pixel(f, name, tensors); break;
                default: throw bad(file, f.where + ": unknown layer type");
            }
            return layer.name(name);
        } catch (IllegalArgumentException e) {
            throw bad(file, f.where + ": " + e.getMessage());
        }
    }

    private static Layer imageInput(Fields f, String name, Map<String, SafeTensors.Entry> tensors)
            throws ModelFormatException {
        int[] size = f.ints("inputSize", 1, 1 << 16);
        if (size.length != 3 && size.length != 4) {
            throw bad(f.file, f.where + ": inputSize must be [C H W] or [C D H W]");
        }
        ImageInputLayer in = size.length == 3 ? Layers.imageInputLayer(size[1], size[2], size[0])
                : Layers.image3dInputLayer(size[2], size[3], size[1], size[0]);
        in.normalizationDimension(f.string("normalizationDimension")).normalization(f.string("normalization"));
        float[] v;
        if ((v = vector(f, tensors.remove(name + ".Mean"), "Mean")) != null) {
            in.mean(v);
        }
        if ((v = vector(f, tensors.remove(name + ".StandardDeviation"), "StandardDeviation")) != null) {
            in.standardDeviation(v);
        }
        if ((v = vector(f, tensors.remove(name + ".Min"), "Min")) != null) {
            in.min(v);
        }
        if ((v = vector(f, tensors.remove(name + ".Max"), "Max")) != null) {
            in.max(v);
        }
        if (in.needsStatistics()) {
            throw bad(f.file, f.where + ": normalization '" + in.normalization().matlabName() + "' needs statistics "
                    + "that the file does not hold");
        }
        return in;
    }

    private static float[] vector(Fields f, SafeTensors.Entry e, String what) throws ModelFormatException {
        if (e == null) {
            return null;
        }
        if (e.shape.length != 1) {
            throw bad(f.file, f.where + ": " + what + " must be a vector, got shape " + java.util.Arrays.toString(e.shape));
        }
        return e.values;
    }

    private static Layer filter(Fields f, String type, String name, Map<String, SafeTensors.Entry> tensors)
            throws ModelFormatException {
        int[] size = f.ints("filterSize", 1, 1 << 12);
        int filters = f.integer("numFilters", 1, 1 << 20);
        if (size.length != 2 && size.length != 3) {
            throw bad(f.file, f.where + ": filterSize must have 2 or 3 values");
        }
        SafeTensors.Entry w = tensors.remove(name + ".Weights");
        SafeTensors.Entry b = tensors.remove(name + ".Bias");
        if (w == null || b == null) {
            throw bad(f.file, f.where + ": tensor " + name + (w == null ? ".Weights" : ".Bias") + " is missing");
        }
        Tensor weights = Tensor.wrap(Shape.of(w.shape), w.values);
        Tensor bias = Tensor.wrap(Shape.of(b.shape), b.values);
        if (type.equals("convolution")) {
            ConvolutionLayer c = size.length == 2 ? Layers.convolution2dLayer(size, filters)
                    : Layers.convolution3dLayer(new int[] {size[1], size[2], size[0]}, filters);
            c.stride(f.ints("stride", 1, 1 << 12)).dilationFactor(f.ints("dilationFactor", 1, 1 << 12));
            if ("same".equals(f.raw("padding"))) {
                c.padding("same");
            } else {
                c.padding(f.ints("padding", 0, 1 << 12));
            }
            return c.weights(weights).bias(bias);
        }
        TransposedConvolutionLayer t = size.length == 2 ? Layers.transposedConv2dLayer(size, filters)
                : new3d(size, filters);
        t.stride(f.ints("stride", 1, 1 << 12));
        if ("same".equals(f.raw("cropping"))) {
            t.cropping("same");
        } else {
            t.cropping(f.ints("cropping", 0, 1 << 12));
        }
        return t.weights(weights).bias(bias);
    }

    private static TransposedConvolutionLayer new3d(int[] size, int filters) {
        if (size[0] != size[1] || size[1] != size[2]) {
            throw new IllegalArgumentException("3-D transposed convolutions must have cubic filters here");
        }
        return Layers.transposedConv3dLayer(size[0], filters);
    }

    private static Layer dice(Fields f) throws ModelFormatException {
        DiceOptions o;
        try {
            o = DiceOptions.defaults()
                    .weightType(DiceOptions.WeightType.valueOf(f.string("weightType")))
                    .denominator(DiceOptions.Denominator.valueOf(f.string("denominator")))
                    .absentClassPolicy(DiceOptions.AbsentClassPolicy.valueOf(f.string("absentClassPolicy")))
                    .reduction(DiceOptions.Reduction.valueOf(f.string("reduction")))
                    .smoothing(f.number("smoothing"));
        } catch (IllegalArgumentException e) {
            throw bad(f.file, f.where + ": bad Dice option: " + e.getMessage());
        }
        return Layers.dicePixelClassificationLayer().options(o).classes(f.strings("classes"));
    }

    private static Layer pixel(Fields f, String name, Map<String, SafeTensors.Entry> tensors)
            throws ModelFormatException {
        PixelClassificationLayer p = Layers.pixelClassificationLayer().classes(f.strings("classes"));
        float[] w = vector(f, tensors.remove(name + ".ClassWeights"), "ClassWeights");
        return w == null ? p : p.classWeights(w);
    }

    /** Typed access to a layer's JSON fields with errors naming the file and the layer. */
    private static final class Fields {
        final Path file;
        final Map<?, ?> map;
        String where;

        Fields(Path file, String where, Map<?, ?> map) {
            this.file = file;
            this.where = where;
            this.map = map;
        }

        Object raw(String key) throws ModelFormatException {
            if (!map.containsKey(key)) {
                throw bad(file, where + ": field '" + key + "' is missing");
            }
            return map.get(key);
        }

        String string(String key) throws ModelFormatException {
            Object v = raw(key);
            if (!(v instanceof String)) {
                throw bad(file, where + ": field '" + key + "' must be a string, got " + v);
            }
            return (String) v;
        }

        double number(String key) throws ModelFormatException {
            Object v = raw(key);
            if (!(v instanceof Double)) {
                throw bad(file, where + ": field '" + key + "' must be a number, got " + v);
            }
            return (Double) v;
        }

        int integer(String key, int min, int max) throws ModelFormatException {
            return SafeTensors.integer(file, where + ": field '" + key + "'", raw(key), min, max);
        }

        int[] ints(String key, int min, int max) throws ModelFormatException {
            Object v = raw(key);
            if (!(v instanceof List) || ((List<?>) v).isEmpty() || ((List<?>) v).size() > 8) {
                throw bad(file, where + ": field '" + key + "' must be a list of 1 to 8 integers, got " + v);
            }
            List<?> l = (List<?>) v;
            int[] out = new int[l.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = SafeTensors.integer(file, where + ": field '" + key + "'", l.get(i), min, max);
            }
            return out;
        }

        List<String> strings(String key) throws ModelFormatException {
            Object v = raw(key);
            if (!(v instanceof List)) {
                throw bad(file, where + ": field '" + key + "' must be a list of strings, got " + v);
            }
            List<String> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                if (!(o instanceof String)) {
                    throw bad(file, where + ": field '" + key + "' must hold only strings, got " + o);
                }
                out.add((String) o);
            }
            return out;
        }
    }
}
