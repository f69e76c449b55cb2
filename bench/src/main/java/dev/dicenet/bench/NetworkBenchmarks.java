package dev.dicenet.bench;

import dev.dicenet.layers.Parameter;
import dev.dicenet.network.Network;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.Tensor;
import java.util.List;
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

/**
 * The example network: one training step (forward, Dice loss, backward, SGDM update) and inference
 * to a label map, per backend, batch and image size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx6g"})
public class NetworkBenchmarks {
    @Param({"vector", "aparapi", "reference"})
    public String backend;

    @Param({"8", "1"})
    public int batch;

    @Param({"480x640", "64x64"})
    public String size;

    private Network network;
    private Tensor images;
    private LabelMap labels;
    private LabelMap predicted;
    private List<Parameter> parameters;
    private Tensor[] velocity;
    private Backend b;

    @Setup(Level.Trial)
    public void setUp() {
        Workload w = new Workload(batch, size);
        b = Workload.backend(backend);
        network = new Network(w.layers, b);
        images = w.data.images();
        labels = w.data.labels();
        predicted = LabelMap.zeros(labels.shape());
        parameters = network.parameters();
        velocity = new Tensor[parameters.size()];
        for (int i = 0; i < velocity.length; i++) {
            velocity[i] = b.zeros(parameters.get(i).shape());
        }
    }

    /** One step of training on a batch that just arrived (a device backend uploads it: data() marks it new). */
    @Benchmark
    public double trainingStep() {
        images.data();
        double loss = network.lossAndGradients(images, labels, null);
        for (int i = 0; i < velocity.length; i++) {
            Parameter p = parameters.get(i);
            b.sgdmUpdate(p.value(), p.gradient(), velocity[i], 0.01f, 0.9f, 1e-4f * p.l2Factor());
        }
        return loss;
    }

    @Benchmark
    public LabelMap inference() {
        network.classify(images, predicted);
        return predicted;
    }
}
