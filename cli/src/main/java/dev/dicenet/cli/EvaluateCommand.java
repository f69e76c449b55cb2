package dev.dicenet.cli;

import dev.dicenet.data.SegmentationData;
import dev.dicenet.io.ModelFile;
import dev.dicenet.metrics.Evaluation;
import dev.dicenet.metrics.SegmentationMetrics;
import dev.dicenet.network.SeriesNetwork;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Per-class and data set metrics of a model on labelled images. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a model on images and label masks: per-class accuracy, IoU and Dice, global and mean "
                + "accuracy, mean and weighted IoU, mean generalized Dice score, and the confusion matrix. Images are "
                + "resized to the network's input size unless --resize says otherwise.")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file.")
    Path model;

    @Mixin
    DataOptions data;

    @Mixin
    BackendOption backendOption;

    @Option(names = "--batch", defaultValue = "8", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() throws Exception {
        SeriesNetwork net = ModelFile.load(model, backendOption.choose(false));
        if (data.resize == null) {
            data.resize = net.inputSize().dim(1) + "x" + net.inputSize().dim(2);
        }
        SegmentationData d = data.load(net.classes());
        SegmentationMetrics m = Evaluation.evaluateSemanticSegmentation(net, d, batch);
        System.out.printf("%d images, model %s%n%n", d.size(), model);
        System.out.print(m.table());
        System.out.println();
        System.out.println("Confusion matrix (rows: true class, columns: predicted):");
        long[][] c = m.confusionMatrix();
        for (int i = 0; i < c.length; i++) {
            StringBuilder sb = new StringBuilder(String.format("%-12s", net.classes().get(i)));
            for (long v : c[i]) {
                sb.append(String.format(" %9d", v));
            }
            System.out.println(sb);
        }
        return 0;
    }
}
