package dev.dicenet.layers;

import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.LossGradient;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A pixel classification output layer: passes the class scores through, labels each pixel or
 * voxel, and computes a loss against a label map. Holds MATLAB's Classes ('auto' until training)
 * and OutputSize ('auto' until training).
 */
public abstract class OutputLayer extends Layer {
    private List<String> classes = null; // null = 'auto'
    private Shape outputSize = null;     // null = 'auto'

    /** Classes 'auto': set from the training data. */
    public boolean hasAutoClasses() {
        return classes == null;
    }

    /** The class names in categorical order; empty while Classes is 'auto'. */
    public List<String> classes() {
        return classes == null ? List.of() : classes;
    }

    /** Sets Classes: at least two unique, non-empty names, in the given order. */
    public OutputLayer classes(List<String> names) {
        if (names == null || names.size() < 2) {
            throw error("Classes needs at least two names, got " + names);
        }
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (n == null || n.isEmpty()) {
                throw error("class names must not be empty, got " + names);
            }
            if (!seen.add(n)) {
                throw error("class names must be unique; '" + n + "' appears twice in " + names);
            }
        }
        this.classes = List.copyOf(new ArrayList<>(names));
        return this;
    }

    public OutputLayer classes(String... names) {
        return classes(List.of(names));
    }

    /** MATLAB's OutputSize: [C, H, W] per observation once trained, empty while 'auto'. */
    public java.util.Optional<Shape> outputSizeProperty() {
        return java.util.Optional.ofNullable(outputSize);
    }

    /** MATLAB's OutputSize as it prints: "auto" or e.g. [480 640 4] (H W K) / [H W D K]. */
    public String outputSizeText() {
        if (outputSize == null) {
            return "auto";
        }
        return java.util.Arrays.toString(MatlabText.matlabOrder(outputSize)).replace(",", "");
    }

    /** Resolves 'auto' properties at training time (or from a model file). */
    public void resolve(List<String> dataClasses, Shape inputSize) {
        if (classes == null) {
            classes(dataClasses);
        }
        outputSize = inputSize;
    }

    @Override
    public Shape outputSize(Shape inputSize) {
        if (inputSize.rank() != 3 && inputSize.rank() != 4) {
            throw error("expects per-pixel class scores [K H W] or [K D H W], got input of size " + inputSize);
        }
        if (inputSize.dim(0) < 2) {
            throw error("needs at least two classes; its input has " + inputSize.dim(0) + " channel");
        }
        if (classes != null && classes.size() != inputSize.dim(0)) {
            throw error("has " + classes.size() + " Classes " + classes + " but its input has "
                    + inputSize.dim(0) + " channels");
        }
        return inputSize;
    }

    @Override
    public void forward(Backend backend, Tensor x, Tensor y) {
        if (x != y) {
            backend.copy(x, y);
        }
    }

    @Override
    public void backward(Backend backend, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        if (dx != null && dx != dy) {
            backend.copy(dy, dx);
        }
    }

    /** MATLAB's LossFunction property. */
    public abstract String lossFunction();

    /** The classes part of the description: "" while 'auto', else "with 'a' and 3 other classes". */
    protected String classesDescription() {
        if (classes == null) {
            return "";
        }
        if (classes.size() <= 3) {
            StringBuilder sb = new StringBuilder("with classes ");
            for (int i = 0; i < classes.size(); i++) {
                sb.append(i == 0 ? "" : i == classes.size() - 1 ? " and " : ", ").append('\'').append(classes.get(i)).append('\'');
            }
            return sb.toString();
        }
        return "with '" + classes.get(0) + "' and " + (classes.size() - 1) + " other classes";
    }

    /**
     * The loss of scores y [N,K,...] against labels, and, unless {@code grad} is null, its gradient
     * w.r.t. y or (fused) w.r.t. the logits of the softmax that produced y. {@code perObservation}
     * may be null.
     */
    public abstract double loss(Backend backend, Tensor y, LabelMap labels, Tensor grad, LossGradient target,
                                double[] perObservation);

    /** Calls {@link #loss} and rethrows argument errors naming this layer. */
    public final double lossNamed(Backend backend, Tensor y, LabelMap labels, Tensor grad, LossGradient target,
                                  double[] perObservation) {
        try {
            return loss(backend, y, labels, grad, target, perObservation);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(who() + ": " + e.getMessage(), e);
        }
    }
}
