package dev.dicenet.bench;

import dev.dicenet.layers.FilterLayer;
import dev.dicenet.layers.Parameter;
import dev.dicenet.network.Network;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.ConvSpec;
import dev.dicenet.tensor.DiceOptions;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.LossGradient;
import dev.dicenet.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Every op of the example network's training step, on the tensors of that network. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx6g"})
public class OpBenchmarks {
    @Param({"vector", "aparapi", "reference"})
    public String backend;

    @Param({"1", "8"})
    public int batch;

    @Param({"480x640", "64x64"})
    public String size;

    private Backend b;
    private Tensor x;          // normalized input [N,3,H,W]
    private Tensor hidden;     // conv output [N,16,H/2,W/2]
    private Tensor hiddenGrad;
    private Tensor logits;     // [N,4,H,W]
    private Tensor probs;
    private Tensor grad;
    private Tensor convW;
    private Tensor convB;
    private Tensor convDW;
    private Tensor tconvW;
    private Tensor tconvB;
    private Tensor tconvDW;
    private Tensor velocity;
    private Tensor inputGrad;
    private LabelMap labels;
    private final ConvSpec convSpec = ConvSpec.uniform(2, 2, 1);
    private final ConvSpec tconvSpec = ConvSpec.uniform(2, 2, 0);
    private final DiceOptions dice = DiceOptions.defaults();

    @Setup(Level.Trial)
    public void setUp() {
        Workload w = new Workload(batch, size);
        b = Workload.backend(backend);
        Network net = new Network(w.layers, b);
        net.lossAndGradients(w.data.images(), w.data.labels(), null);
        x = Tensor.zeros(w.data.images().shape()); // the normalized images (a fusing backend never stores them)
        w.layers.get(0).forward(b, w.data.images(), x);
        hidden = net.activations(2).copy();
        logits = net.activations(3).copy();
        probs = net.activations(4).copy();
        hiddenGrad = Tensor.zeros(hidden.shape());
        inputGrad = Tensor.zeros(x.shape());
        grad = Tensor.zeros(probs.shape());
        FilterLayer conv = (FilterLayer) w.layers.get(1);
        FilterLayer tconv = (FilterLayer) w.layers.get(3);
        convW = conv.weights().value();
        convB = conv.bias().value();
        convDW = Tensor.zeros(convW.shape());
        tconvW = tconv.weights().value();
        tconvB = tconv.bias().value();
        tconvDW = Tensor.zeros(tconvW.shape());
        Parameter p = conv.weights();
        velocity = Tensor.zeros(p.shape());
        labels = w.data.labels();
    }

    @Benchmark
    public Tensor convForward() {
        b.conv(x, convW, convB, convSpec, hidden);
        return hidden;
    }

    @Benchmark
    public Tensor convReluForward() {
        b.convRelu(x, convW, convB, convSpec, hidden);
        return hidden;
    }

    @Benchmark
    public Tensor convBackwardData() {
        b.convBackwardData(hiddenGrad, convW, convSpec, inputGrad);
        return inputGrad;
    }

    @Benchmark
    public Tensor convBackwardWeights() {
        b.convBackwardWeights(hiddenGrad, x, convSpec, convDW);
        return convDW;
    }

    @Benchmark
    public Tensor transposedConvForward() {
        b.convTranspose(hidden, tconvW, tconvB, tconvSpec, logits);
        return logits;
    }

    @Benchmark
    public Tensor transposedConvBackwardData() {
        b.convTransposeBackwardData(grad, tconvW, tconvSpec, hiddenGrad);
        return hiddenGrad;
    }

    @Benchmark
    public Tensor transposedConvBackwardWeights() {
        b.convTransposeBackwardWeights(grad, hidden, tconvSpec, tconvDW);
        return tconvDW;
    }

    @Benchmark
    public Tensor relu() {
        b.relu(hidden, hiddenGrad);
        return hiddenGrad;
    }

    @Benchmark
    public Tensor softmax() {
        b.softmax(logits, grad);
        return grad;
    }

    @Benchmark
    public double diceForward() {
        return b.diceLoss(probs, labels, dice, null, LossGradient.PROBABILITIES, null);
    }

    @Benchmark
    public double diceBackward() {
        return b.diceLoss(probs, labels, dice, grad, LossGradient.PROBABILITIES, null);
    }

    @Benchmark
    public double fusedSoftmaxDiceBackward() {
        return b.diceLoss(probs, labels, dice, grad, LossGradient.LOGITS, null);
    }

    @Benchmark
    public Tensor sgdmUpdate() {
        b.sgdmUpdate(convW, convDW, velocity, 1e-9f, 0.9f, 0f);
        return convW;
    }
}
