package dev.dicenet.cli;

import dev.dicenet.data.Batch;
import dev.dicenet.data.InMemoryData;
import dev.dicenet.data.SyntheticShapes;
import dev.dicenet.io.ModelFile;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.metrics.Evaluation;
import dev.dicenet.metrics.SegmentationMetrics;
import dev.dicenet.network.SeriesNetwork;
import dev.dicenet.tensor.Backend;
import dev.dicenet.training.TrainedNetwork;
import dev.dicenet.training.Trainer;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The main job: generated imbalanced data, the seed's network trained with Dice and with cross-entropy. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate an imbalanced segmentation data set (one class under 1% of the pixels), train the "
                + "seed page's example network on it with the generalized Dice loss and, for comparison, with "
                + "cross-entropy, evaluate both on held-out images, and write a model file, a PNG of predictions "
                + "and a PNG loss curve."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "dicenet-out", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--size", defaultValue = "64x64", description = "Image size HxW (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--train-images", defaultValue = "160", description = "Training images (default: ${DEFAULT-VALUE}).")
    int trainCount;

    @Option(names = "--test-images", defaultValue = "32", description = "Held-out images (default: ${DEFAULT-VALUE}).")
    int testCount;

    @Option(names = "--noise", defaultValue = "20", description = "Pixel noise, 0-255 units (default: ${DEFAULT-VALUE}).")
    double noise;

    @Mixin
    TrainingFlags training;

    @Mixin
    BackendOption backendOption;

    @Override
    public Integer call() throws Exception {
        int[] hw = DataOptions.parseSize(size);
        Files.createDirectories(out);
        Backend backend = backendOption.choose(true);
        SyntheticShapes generator = new SyntheticShapes(hw[0], hw[1], noise);
        InMemoryData train = generator.generate(trainCount, training.seed);
        InMemoryData test = generator.generate(testCount, training.seed + 1000);
        List<String> classes = train.classNames();
        System.out.printf(Locale.ROOT, "Generated %d training and %d held-out %dx%d images, classes %s%n",
                trainCount, testCount, hw[0], hw[1], classes);
        System.out.println(share(train));

        Map<String, List<double[]>> curves = new LinkedHashMap<>();
        SeriesNetwork dice = train(train, backend, ExampleNetwork.Loss.DICE, "Dice", curves);
        SeriesNetwork ce = train(train, backend, ExampleNetwork.Loss.CROSSENTROPY, "cross-entropy", curves);

        SegmentationMetrics md = Evaluation.evaluateSemanticSegmentation(dice, test, training.batch);
        SegmentationMetrics mc = Evaluation.evaluateSemanticSegmentation(ce, test, training.batch);
        System.out.println();
        System.out.println("Held-out images, per class:");
        System.out.print(MetricsTable.compare(classes, "Dice loss", md, "cross-entropy", mc));

        Path model = out.resolve("dice-model.safetensors");
        ModelFile.save(dice, model);
        Path samples = out.resolve("predictions.png");
        writeSamples(samples, test, dice, ce);
        Path curve = out.resolve("loss-curve.png");
        LossCurve.write(curve, "Training loss (generalized Dice and cross-entropy)", curves);
        System.out.println();
        System.out.println("Wrote:");
        System.out.println("  model file        " + model.toAbsolutePath());
        System.out.println("  predictions       " + samples.toAbsolutePath() + "  (image | truth | Dice | cross-entropy)");
        System.out.println("  loss curve        " + curve.toAbsolutePath());
        System.out.println("Try: ./dicenet summary --model " + model + "    ./dicenet predict --model " + model + " IMAGE.png");
        return 0;
    }

    private SeriesNetwork train(InMemoryData data, Backend backend, ExampleNetwork.Loss loss, String name,
                                Map<String, List<double[]>> curves) {
        int[] hw = DataOptions.parseSize(size);
        LayerArray layers = ExampleNetwork.build(hw[0], hw[1], 3, data.classNames().size(), loss);
        System.out.println();
        System.out.println("Training the example network with " + name + " loss:");
        System.out.println(layers);
        long start = System.nanoTime();
        TrainedNetwork t;
        try (ProgressDisplay progress = new ProgressDisplay(name)) {
            boolean plain = System.console() == null; // no terminal: MATLAB's table instead of a bar
            t = Trainer.trainNetwork(data, layers, plain
                    ? training.options().backend(backend).verbose(true).verboseFrequency(20).listener(progress::record)
                    : training.options().backend(backend).listener(progress));
            curves.put(name, progress.losses());
        }
        System.out.printf(Locale.ROOT, "%s: %d iterations in %.1f s on backend %s, final mini-batch loss %.4f%n", name,
                t.history().iterations().size(), (System.nanoTime() - start) / 1e9, backend.name(), t.history().last().loss());
        return t.network();
    }

    private static String share(InMemoryData data) {
        long[] count = new long[data.classNames().size()];
        int m = data.imageSize().sizeFrom(1);
        int[] l = new int[m];
        long all = 0;
        for (int i = 0; i < data.size(); i++) {
            data.readLabels(i, l, 0);
            for (int v : l) {
                if (v >= 0) {
                    count[v]++;
                    all++;
                }
            }
        }
        StringBuilder sb = new StringBuilder("Share of labelled pixels:");
        for (int k = 0; k < count.length; k++) {
            sb.append(String.format(Locale.ROOT, " %s %.2f%%", data.classNames().get(k), 100.0 * count[k] / all));
        }
        return sb.toString();
    }

    private void writeSamples(Path file, InMemoryData test, SeriesNetwork dice, SeriesNetwork ce) throws Exception {
        int n = Math.min(4, test.size());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Batch batch = new Batch(n, test.imageSize()).load(test, order, 0);
        var pd = dice.semanticseg(batch.images()).labels();
        var pc = ce.semanticseg(batch.images()).labels();
        int c = test.imageSize().dim(0);
        int h = test.imageSize().dim(1);
        int w = test.imageSize().dim(2);
        int k = test.classNames().size();
        List<BufferedImage[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new BufferedImage[] {
                LabelImages.image(batch.images().data(), i * c * h * w, c, h, w),
                LabelImages.labels(batch.labels(), i, k, h, w),
                LabelImages.labels(pd, i, k, h, w),
                LabelImages.labels(pc, i, k, h, w)});
        }
        LabelImages.write(LabelImages.grid(rows, List.of("image", "truth (black: void)", "Dice", "cross-entropy"),
                test.classNames()), file);
    }
}
