package dev.dicenet.network;

import dev.dicenet.layers.ConvolutionLayer;
import dev.dicenet.layers.Layer;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.layers.OutputLayer;
import dev.dicenet.layers.Parameter;
import dev.dicenet.layers.ReluLayer;
import dev.dicenet.layers.SoftmaxLayer;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.LossGradient;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated, initialized layer array bound to a backend, with the activations and gradients of
 * one batch size kept between calls (no allocation per step once warmed up for a batch size).
 * Fusions: a convolution followed by a ReLU runs as one op and both layers share one output tensor
 * (so {@link #activations} of such a convolution holds the rectified values); when a softmax layer
 * precedes the output layer, the loss gradient is taken w.r.t. the softmax logits directly,
 * skipping the softmax backward pass; {@link #classify} skips the softmax (argmax of the logits is
 * the argmax of the probabilities); an image input layer's per-channel normalization followed by a
 * convolution runs inside that convolution (so on a backend that fuses it, {@link #activations}(0) is not
 * computed). Not thread-safe.
 */
public final class Network implements AutoCloseable {
    private final LayerArray layers;
    private final Backend backend;
    private final List<Shape> sizes;
    private final boolean[] needsInputGradient;
    private final boolean fusedSoftmax;
    private final boolean[] fusedRelu; // fusedRelu[i]: layer i is a convolution whose ReLU (layer i+1) is fused
    private final boolean fusableInput; // layer 0's per-channel normalization can run inside the convolution at 1
    private Tensor[] inputMap;          // the per-channel map the last forward fused, or null
    private final java.util.Map<Integer, Workspace> workspaces = new java.util.HashMap<>();
    private Tensor[] activations;  // of the current batch size: activations[i] = output of layer i
    private Tensor[] gradients;    // gradients[i] = dL/d activations[i]

    /** The activations and gradients of one batch size. */
    private static final class Workspace {
        final Tensor[] activations;
        final Tensor[] gradients;

        Workspace(Tensor[] activations, Tensor[] gradients) {
            this.activations = activations;
            this.gradients = gradients;
        }
    }

    /** Validates the array; its parameters must be initialized (see {@link Layer#initialize}). */
    public Network(LayerArray layers, Backend backend) {
        this.layers = layers;
        this.backend = backend;
        this.sizes = layers.validate();
        int n = layers.size();
        needsInputGradient = new boolean[n];
        boolean seenParameters = false;
        for (int i = 0; i < n; i++) {
            Layer l = layers.get(i);
            needsInputGradient[i] = seenParameters;
            if (!l.parameters().isEmpty()) {
                seenParameters = true;
            }
            if (l.parameters().isEmpty() && hasParameterSlots(l)) {
                throw new IllegalStateException(l.who() + " has no parameters yet: initialize the network first");
            }
        }
        fusedSoftmax = n >= 2 && layers.get(n - 2) instanceof SoftmaxLayer;
        fusedRelu = new boolean[n];
        for (int i = 0; i + 1 < n; i++) {
            fusedRelu[i] = layers.get(i) instanceof ConvolutionLayer && layers.get(i + 1) instanceof ReluLayer;
        }
        fusableInput = n > 2 && layers.get(1) instanceof ConvolutionLayer;
    }

    private static boolean hasParameterSlots(Layer l) {
        return l instanceof dev.dicenet.layers.FilterLayer;
    }

    public LayerArray layers() {
        return layers;
    }

    public Backend backend() {
        return backend;
    }

    /** Per-observation output size of each layer. */
    public List<Shape> sizes() {
        return sizes;
    }

    /** The per-observation input size [C, H, W] / [C, D, H, W]. */
    public Shape inputSize() {
        return layers.inputLayer().inputSize();
    }

    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Layer l : layers) {
            all.addAll(l.parameters());
        }
        return all;
    }

    /** Forward to the class scores (the output layer's input), [N, K, ...]. The tensor is reused. */
    public Tensor forward(Tensor x) {
        return forwardTo(x, layers.size() - 1);
    }

    /** Forward through layers [0, end); returns the output of layer end - 1. */
    private Tensor forwardTo(Tensor x, int end) {
        ensureBatch(x);
        Tensor in = x;
        int i = 0;
        inputMap = fusableInput && end > 1 ? layers.inputLayer().channelMap() : null;
        if (inputMap != null) {
            boolean relu = fusedRelu[1] && end > 2;
            int out = relu ? 2 : 1;
            ((ConvolutionLayer) layers.get(1)).forwardOfNormalized(backend, x, inputMap, activations[0], relu,
                    activations[out]);
            in = activations[out];
            i = out + 1;
        }
        for (; i < end; i++) {
            if (fusedRelu[i] && i + 1 < end) {
                ((ConvolutionLayer) layers.get(i)).forwardRelu(backend, in, activations[i + 1]);
                in = activations[++i];
                continue;
            }
            layers.get(i).forward(backend, in, activations[i]);
            in = activations[i];
        }
        return in;
    }

    /**
     * The class of every pixel (argmax of the scores) into {@code labels} [N, ...]: the forward pass
     * without the final softmax, whose argmax is the same.
     */
    public void classify(Tensor x, LabelMap labels) {
        int end = fusedSoftmax ? layers.size() - 2 : layers.size() - 1;
        backend.argmax(forwardTo(x, end), labels);
    }

    /**
     * One forward, loss and backward pass: returns the loss and leaves dL/dp in every parameter's
     * gradient. {@code perObservation} (length N) receives each observation's loss unless null.
     */
    public double lossAndGradients(Tensor x, LabelMap labels, double[] perObservation) {
        Tensor scores = forward(x);
        int out = layers.size() - 1;
        OutputLayer output = layers.outputLayer();
        int from = fusedSoftmax ? out - 2 : out - 1; // the layer whose output gradient the loss writes
        LossGradient target = fusedSoftmax ? LossGradient.LOGITS : LossGradient.PROBABILITIES;
        double loss = output.lossNamed(backend, scores, labels, gradients[from], target, perObservation);
        for (int i = from; i >= 0; i--) {
            Layer l = layers.get(i);
            if (inputMap != null && i == 1) { // the input layer has no parameters: nothing below needs a gradient
                ((ConvolutionLayer) l).backwardOfNormalized(backend, x, inputMap, activations[0], gradients[1]);
                break;
            }
            Tensor input = i == 0 ? x : activations[i - 1];
            Tensor dx = needsInputGradient[i] ? gradients[i - 1] : null;
            if (l.parameters().isEmpty() && dx == null) {
                continue;
            }
            l.backward(backend, input, activations[i], gradients[i], dx);
        }
        return loss;
    }

    /**
     * The output of layer {@code index} (0-based) in the last forward pass, as MATLAB's activations:
     * valid until the next forward with another batch size.
     */
    public Tensor activations(int index) {
        if (activations == null) {
            throw new IllegalStateException("no forward pass has run yet");
        }
        return activations[index];
    }

    /** The class scores of the last forward pass (valid until the next call with another batch size). */
    public Tensor lastScores() {
        if (activations == null) {
            throw new IllegalStateException("no forward pass has run yet");
        }
        return activations[layers.size() - 2];
    }

    /** The loss without gradients. */
    public double loss(Tensor x, LabelMap labels, double[] perObservation) {
        Tensor scores = forward(x);
        return layers.outputLayer().lossNamed(backend, scores, labels, null, LossGradient.PROBABILITIES, perObservation);
    }

    private void ensureBatch(Tensor x) {
        Shape expected = inputSize();
        if (x.shape().rank() != expected.rank() + 1 || !x.shape().dropFirst().equals(expected)) {
            throw new IllegalArgumentException(layers.get(0).who() + ": expects a batch of shape [N" + "x"
                    + expected.toString().substring(1) + " (NCHW), got " + x.shape());
        }
        int n = x.shape().dim(0);
        Workspace w = workspaces.get(n);
        if (w == null) {
            w = newWorkspace(n);
            workspaces.put(n, w);
        }
        activations = w.activations;
        gradients = w.gradients;
    }

    private Workspace newWorkspace(int n) {
        int count = layers.size();
        Tensor[] a = new Tensor[count];
        Tensor[] g = new Tensor[count];
        for (int i = 0; i < count - 1; i++) {
            Shape s = sizes.get(i).withBatch(n);
            a[i] = i > 0 && fusedRelu[i - 1] ? a[i - 1] : backend.zeros(s); // conv+ReLU share one output
            g[i] = backend.zeros(s);
        }
        a[count - 1] = a[count - 2]; // the output layer passes its input through
        g[count - 1] = g[count - 2];
        return new Workspace(a, g);
    }

    /**
     * Releases what the backend holds for this network: the device copies of its workspaces and
     * parameters (parameters come back to the host first, so the layer array stays usable, e.g. on
     * another backend). The backend itself stays open; it may serve other networks.
     */
    @Override
    public void close() {
        for (Workspace w : workspaces.values()) {
            releaseAll(w.activations);
            releaseAll(w.gradients);
        }
        workspaces.clear();
        activations = null;
        gradients = null;
        if (inputMap != null) {
            releaseAll(inputMap);
            inputMap = null;
        }
        for (Layer l : layers) {
            for (dev.dicenet.layers.Parameter p : l.parameters()) {
                backend.release(p.value());
                if (p.gradient() != null) {
                    backend.release(p.gradient());
                }
            }
        }
    }

    private void releaseAll(Tensor[] tensors) {
        for (Tensor t : tensors) {
            if (t != null) {
                backend.release(t);
            }
        }
    }
}
