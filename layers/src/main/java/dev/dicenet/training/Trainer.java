package dev.dicenet.training;

import dev.dicenet.data.Batch;
import dev.dicenet.data.SegmentationData;
import dev.dicenet.layers.ImageInputLayer;
import dev.dicenet.layers.InputStatistics;
import dev.dicenet.layers.Layer;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.layers.OutputLayer;
import dev.dicenet.network.Network;
import dev.dicenet.network.SeriesNetwork;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.Backends;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.util.List;
import java.util.Random;

/**
 * MATLAB's trainNetwork for series networks. Resolves Classes 'auto' and OutputSize, fills empty
 * layer names, computes missing normalization statistics from the training data, initializes the
 * parameters from the seed, then runs mini-batch training. As in MATLAB, the images that do not
 * fill a last complete mini-batch of an epoch are not used in that epoch (every step then has the
 * same batch size, which keeps the steps free of allocation). The same seed on the same backend
 * repeats a run bit for bit.
 */
public final class Trainer {
    private Trainer() {
    }

    /** trainNetwork(data, layers, options): trains the layers in place and returns the network. */
    public static TrainedNetwork trainNetwork(SegmentationData data, LayerArray layers, TrainingOptions options) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("trainNetwork: the training data set is empty");
        }
        prepare(data, layers, options);
        return run(data, layers, options, null);
    }

    /**
     * Continues a run from a checkpoint written with {@link TrainingOptions#checkpointFile}: with the
     * same data, options and backend it ends exactly (bit for bit) where the uninterrupted run would.
     * MaxEpochs counts from the start of the original run.
     */
    public static TrainedNetwork resumeTraining(java.nio.file.Path checkpoint, SegmentationData data,
                                               TrainingOptions options) throws dev.dicenet.io.ModelFormatException {
        dev.dicenet.io.ModelFile.Checkpoint c = dev.dicenet.io.ModelFile.loadCheckpoint(checkpoint);
        String training = c.metadata.get(CHECKPOINT_KEY);
        if (training == null) {
            throw new dev.dicenet.io.ModelFormatException(checkpoint + ": a model file, not a checkpoint (no training state)");
        }
        prepare(data, c.layers, options);
        return run(data, c.layers, options, new Resume(checkpoint, training, c.state));
    }

    static final String CHECKPOINT_KEY = "training";

    /** Where a resumed run starts: the saved epoch, iteration, optimizer step and state. */
    private static final class Resume {
        final int epoch;
        final int iteration;
        final int step;
        final java.util.Map<String, dev.dicenet.io.SafeTensors.Entry> state;

        Resume(java.nio.file.Path file, String training, java.util.Map<String, dev.dicenet.io.SafeTensors.Entry> state)
                throws dev.dicenet.io.ModelFormatException {
            try {
                String[] p = training.split(" ");
                epoch = Integer.parseInt(p[0].substring("epoch=".length()));
                iteration = Integer.parseInt(p[1].substring("iteration=".length()));
                step = Integer.parseInt(p[2].substring("step=".length()));
            } catch (RuntimeException e) {
                throw new dev.dicenet.io.ModelFormatException(file + ": training state '" + training
                        + "' is not 'epoch=E iteration=I step=S'");
            }
            this.state = state;
        }
    }

    private static TrainedNetwork run(SegmentationData data, LayerArray layers, TrainingOptions options, Resume resume) {
        Backend backend = options.backend() != null ? options.backend() : Backends.best();
        Network network = new Network(layers, backend);
        int batchSize = Math.min(options.miniBatchSize(), data.size());
        int perEpoch = data.size() / batchSize;
        Batch batch = new Batch(batchSize, data.imageSize());
        LabelMap predicted = LabelMap.zeros(batch.labels().shape());
        Optimizer optimizer = new Optimizer(options, backend, network.parameters());
        Random shuffler = new Random(options.seed() ^ 0x5DEECE66DL);
        int[] order = identity(data.size());
        if (options.shuffle() != Shuffle.NEVER) {
            shuffle(order, shuffler);
        }
        int firstEpoch = 1;
        if (resume != null) {
            try {
                optimizer.restore(resume.state, resume.step);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("resumeTraining: " + e.getMessage(), e);
            }
            for (int epoch = 2; epoch <= resume.epoch; epoch++) { // replay the shuffles of the epochs done
                if (options.shuffle() == Shuffle.EVERY_EPOCH) {
                    shuffle(order, shuffler);
                }
            }
            firstEpoch = resume.epoch + 1;
        }
        TrainingHistory history = new TrainingHistory();
        ProgressTable table = options.verbose() ? new ProgressTable(options.verboseOutput()) : null;
        if (table != null) {
            table.header();
        }
        long start = System.nanoTime();
        int total = perEpoch * options.maxEpochs();
        int iteration = resume == null ? 0 : resume.iteration;
        for (int epoch = firstEpoch; epoch <= options.maxEpochs(); epoch++) {
            if (epoch > 1 && options.shuffle() == Shuffle.EVERY_EPOCH) {
                shuffle(order, shuffler);
            }
            double learnRate = options.learnRate(epoch);
            for (int b = 0; b < perEpoch; b++) {
                iteration++;
                batch.load(data, order, b * batchSize);
                double loss;
                try {
                    loss = network.lossAndGradients(batch.images(), batch.labels(), null);
                } catch (IllegalArgumentException e) {
                    throw explain(e, data, order, b * batchSize, batch, epoch, iteration, learnRate);
                }
                if (!Double.isFinite(loss)) {
                    throw new TrainingDivergedException("training stopped at epoch " + epoch + ", iteration " + iteration
                            + ": the mini-batch loss is " + loss + "; lower InitialLearnRate (now " + learnRate
                            + ") or check the data for NaN or Inf values");
                }
                // scores of this step, before validation reuses the workspaces
                double accuracy = accuracy(backend, network.lastScores(), batch.labels(), predicted);
                optimizer.update(learnRate);
                boolean last = iteration == total;
                double validationLoss = Double.NaN;
                if (options.validationData() != null && (iteration % options.validationFrequency() == 0 || last)) {
                    validationLoss = validationLoss(network, options.validationData(), batchSize);
                }
                IterationInfo info = new IterationInfo(epoch, iteration, total, (System.nanoTime() - start) / 1e9,
                        loss, accuracy, learnRate, validationLoss);
                history.add(info);
                options.listener().iterationDone(info);
                if (table != null && (iteration == 1 || iteration % options.verboseFrequency() == 0 || last
                        || !Double.isNaN(validationLoss))) {
                    table.row(info);
                }
            }
            if (options.checkpointFile() != null) {
                checkpoint(options.checkpointFile(), layers, optimizer, epoch, iteration);
            }
        }
        if (table != null) {
            table.footer();
        }
        return new TrainedNetwork(new SeriesNetwork(layers, backend), history);
    }

    /**
     * Everything before the first step: validation, classes, names, statistics, initialization.
     * Public so that tools (gradient checks, benchmarks) can prepare a network the same way.
     */
    public static void prepare(SegmentationData data, LayerArray layers, TrainingOptions options) {
        layers.validate();
        ImageInputLayer input = layers.inputLayer();
        if (!input.inputSize().equals(data.imageSize())) {
            throw new IllegalArgumentException(input.who() + ": expects images of size " + input.inputSize()
                    + " [C H W], but the training images have size " + data.imageSize());
        }
        OutputLayer output = layers.outputLayer();
        List<String> dataClasses = data.classNames();
        if (!output.hasAutoClasses() && !output.classes().equals(dataClasses)) {
            throw new IllegalArgumentException(output.who() + ": Classes " + output.classes()
                    + " do not match the classes of the training data " + dataClasses);
        }
        List<Shape> sizes = layers.validate();
        Shape scores = sizes.get(sizes.size() - 1);
        if (!scores.dropFirst().equals(data.imageSize().dropFirst())) {
            throw new IllegalArgumentException(output.who() + ": the network produces scores of size "
                    + scores.dropFirst() + " per class but the label maps have size " + data.imageSize().dropFirst()
                    + "; the layers must bring the output back to the input's spatial size");
        }
        output.resolve(dataClasses, sizes.get(sizes.size() - 1));
        layers.validate(); // Classes are now set: their count must match the scores' channels
        layers.assignNames();
        if (input.needsStatistics()) {
            InputStatistics stats = input.newStatistics();
            float[] image = new float[data.imageSize().size()];
            for (int i = 0; i < data.size(); i++) {
                data.readImage(i, image, 0);
                for (float v : image) {
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("training data: image '" + data.describe(i) + "' contains "
                                + v + "; expected finite pixel values");
                    }
                }
                stats.add(image, 0, image.length);
            }
            input.fitStatistics(stats);
        }
        Random init = new Random(options.seed());
        Shape size = input.inputSize();
        for (Layer l : layers) {
            l.initialize(size, init);
            size = l.outputSize(size);
        }
    }

    private static void checkpoint(java.nio.file.Path file, LayerArray layers, Optimizer optimizer, int epoch,
                                   int iteration) {
        try {
            dev.dicenet.io.ModelFile.save(layers, file, optimizer.state(), java.util.Map.of(CHECKPOINT_KEY,
                    "epoch=" + epoch + " iteration=" + iteration + " step=" + optimizer.step()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(file + ": cannot write the checkpoint of epoch " + epoch, e);
        }
    }

    /**
     * A step failed on bad values: NaN or Inf in the images is the data's fault (named); otherwise the
     * network itself produced them, so training diverged.
     */
    private static RuntimeException explain(IllegalArgumentException e, SegmentationData data, int[] order, int from,
                                            Batch batch, int epoch, int iteration, double learnRate) {
        float[] x = batch.images().data();
        int per = data.imageSize().size();
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                return new IllegalArgumentException("training data: image '" + data.describe(order[from + i / per])
                        + "' contains " + x[i] + "; expected finite pixel values", e);
            }
        }
        if (iteration > 1 && e.getMessage() != null && e.getMessage().contains("NaN or Inf")) {
            return new TrainingDivergedException("training stopped at epoch " + epoch + ", iteration " + iteration
                    + ": the network produced NaN or Inf (" + e.getMessage() + "); lower InitialLearnRate (now "
                    + learnRate + ")", e);
        }
        return e;
    }

    private static double validationLoss(Network network, SegmentationData data, int batchSize) {
        int n = Math.min(batchSize, data.size());
        Batch batch = new Batch(n, data.imageSize());
        int[] order = identity(data.size());
        double total = 0;
        int batches = 0;
        for (int from = 0; from + n <= data.size(); from += n) {
            batch.load(data, order, from);
            total += network.loss(batch.images(), batch.labels(), null);
            batches++;
        }
        return total / batches;
    }

    /** Fraction of defined pixels whose highest score is their label. */
    static double accuracy(Backend backend, Tensor scores, LabelMap truth, LabelMap predicted) {
        backend.argmax(scores, predicted);
        int[] p = predicted.labels();
        int[] t = truth.labels();
        long defined = 0;
        long right = 0;
        for (int i = 0; i < t.length; i++) {
            if (t[i] != LabelMap.UNDEFINED) {
                defined++;
                if (p[i] == t[i]) {
                    right++;
                }
            }
        }
        return defined == 0 ? Double.NaN : (double) right / defined;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
