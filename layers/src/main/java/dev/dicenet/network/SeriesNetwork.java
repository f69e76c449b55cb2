package dev.dicenet.network;

import dev.dicenet.layers.LayerArray;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.util.List;

/**
 * A trained series network: its layers (with their parameters and normalization statistics), the
 * classes of its output layer, and the backend it runs on. {@link #semanticseg} is thread-safe:
 * calls are serialized on the network's workspaces (use one network per thread for parallel
 * inference, e.g. by loading the model file once per thread).
 */
public final class SeriesNetwork implements AutoCloseable {
    private final LayerArray layers;
    private final Network network;

    public SeriesNetwork(LayerArray layers, Backend backend) {
        if (layers.outputLayer().hasAutoClasses()) {
            throw new IllegalArgumentException("a trained network needs the Classes of its output layer");
        }
        this.layers = layers;
        this.network = new Network(layers, backend);
    }

    public LayerArray layers() {
        return layers;
    }

    public List<String> classes() {
        return layers.outputLayer().classes();
    }

    public Shape inputSize() {
        return network.inputSize();
    }

    public Backend backend() {
        return network.backend();
    }

    /** A new network over the same layers on another backend. */
    public SeriesNetwork on(Backend backend) {
        return new SeriesNetwork(layers, backend);
    }

    /**
     * MATLAB's semanticseg: the label of every pixel of a batch of images [N, C, H, W] (the class
     * of the largest score) and copies of the scores.
     */
    public synchronized SegmentationResult semanticseg(Tensor images) {
        Tensor scores = network.forward(images);
        Shape s = scores.shape();
        int[] labelDims = new int[s.rank() - 1];
        labelDims[0] = s.dim(0);
        for (int i = 2; i < s.rank(); i++) {
            labelDims[i - 1] = s.dim(i);
        }
        LabelMap labels = LabelMap.zeros(Shape.of(labelDims));
        network.backend().argmax(scores, labels);
        return new SegmentationResult(labels, scores.copy());
    }

    /** The class of every pixel of a batch of images into {@code labels} [N, H, W]: no scores, no softmax. */
    public synchronized void classify(Tensor images, LabelMap labels) {
        network.classify(images, labels);
    }

    /** The loss of a batch (e.g. on validation data), without gradients. */
    public synchronized double loss(Tensor images, LabelMap labels) {
        return network.loss(images, labels, null);
    }

    @Override
    public String toString() {
        return layers.toString();
    }

    /** Releases the backend's copies of this network's tensors ({@link Network#close()}). */
    @Override
    public synchronized void close() {
        network.close();
    }
}
