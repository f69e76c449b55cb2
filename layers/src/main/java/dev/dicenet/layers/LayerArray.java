package dev.dicenet.layers;

import dev.dicenet.tensor.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ordered array of layers, MATLAB's {@code Layer} array. {@link #toString()} prints MATLAB's
 * table; {@link #validate()} checks that it forms a series network.
 */
public final class LayerArray implements Iterable<Layer> {
    private final List<Layer> layers;

    private LayerArray(List<Layer> layers) {
        this.layers = layers;
    }

    public static LayerArray of(Layer... layers) {
        return of(List.of(layers));
    }

    public static LayerArray of(List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a layer array needs at least one layer");
        }
        return new LayerArray(List.copyOf(layers));
    }

    public int size() {
        return layers.size();
    }

    public Layer get(int index) {
        return layers.get(index);
    }

    public List<Layer> asList() {
        return Collections.unmodifiableList(layers);
    }

    @Override
    public Iterator<Layer> iterator() {
        return layers.iterator();
    }

    public ImageInputLayer inputLayer() {
        return (ImageInputLayer) layers.get(0);
    }

    public OutputLayer outputLayer() {
        return (OutputLayer) layers.get(layers.size() - 1);
    }

    /**
     * Checks that this is a series network: exactly one image input layer, first; exactly one output
     * layer, last; unique non-empty names; and consecutive sizes that fit. Returns the per-observation
     * output size of every layer. Errors name both layers and their sizes.
     */
    public List<Shape> validate() {
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            boolean first = i == 0;
            boolean last = i == layers.size() - 1;
            if (first != l instanceof ImageInputLayer) {
                throw new IllegalArgumentException(first
                        ? "the first layer must be an image input layer, got " + l.who()
                        : l.who() + " at position " + (i + 1) + ": an input layer may only come first");
            }
            if (last != l instanceof OutputLayer) {
                throw new IllegalArgumentException(last
                        ? "the last layer must be an output layer (dicePixelClassificationLayer or "
                        + "pixelClassificationLayer), got " + l.who()
                        : l.who() + " at position " + (i + 1) + ": an output layer may only come last");
            }
        }
        Set<String> names = new HashSet<>();
        for (Layer l : layers) {
            if (!l.name().isEmpty() && !names.add(l.name())) {
                throw new IllegalArgumentException("layer names must be unique: '" + l.name() + "' is used twice");
            }
        }
        List<Shape> sizes = new ArrayList<>();
        Shape size = inputLayer().inputSize();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            try {
                size = l.outputSize(size);
            } catch (IllegalArgumentException e) {
                String from = i == 0 ? "" : " (its input comes from " + layers.get(i - 1).who() + " with output size "
                        + MatlabText.hwc(size) + ")";
                throw new IllegalArgumentException(e.getMessage() + from, e);
            }
            sizes.add(size);
        }
        return sizes;
    }

    /** Gives unnamed layers MATLAB's names: the type prefix, with _1, _2 ... when it repeats. */
    public void assignNames() {
        Map<String, Integer> unnamed = new HashMap<>();
        for (Layer l : layers) {
            if (l.name().isEmpty()) {
                unnamed.merge(l.defaultNamePrefix(), 1, Integer::sum);
            }
        }
        Set<String> taken = new HashSet<>();
        for (Layer l : layers) {
            taken.add(l.name());
        }
        Map<String, Integer> next = new HashMap<>();
        for (Layer l : layers) {
            if (!l.name().isEmpty()) {
                continue;
            }
            String prefix = l.defaultNamePrefix();
            String candidate = prefix;
            if (unnamed.get(prefix) > 1 || taken.contains(prefix)) {
                do {
                    candidate = prefix + "_" + next.merge(prefix, 1, Integer::sum);
                } while (taken.contains(candidate));
            }
            taken.add(candidate);
            l.name(candidate);
        }
    }

    /** MATLAB's display: "  6x1 Layer array with layers:", a blank line, then one row per layer. */
    @Override
    public String toString() {
        int n = layers.size();
        int nameWidth = 0;
        int typeWidth = 0;
        for (Layer l : layers) {
            nameWidth = Math.max(nameWidth, l.name().length() + 2);
            typeWidth = Math.max(typeWidth, l.typeName().length());
        }
        int indexWidth = 5 + String.valueOf(n).length();
        StringBuilder sb = new StringBuilder();
        sb.append("  ").append(n).append("x1 Layer array with layers:\n\n");
        for (int i = 0; i < n; i++) {
            Layer l = layers.get(i);
            sb.append(pad(String.valueOf(i + 1), indexWidth, true)).append("   ")
                    .append(pad("'" + l.name() + "'", nameWidth, false)).append("   ")
                    .append(pad(l.typeName(), typeWidth, false)).append("   ")
                    .append(l.description());
            if (i < n - 1) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String pad(String s, int width, boolean left) {
        String spaces = " ".repeat(Math.max(0, width - s.length()));
        return left ? spaces + s : s + spaces;
    }
}
