package dev.dicenet.cli;

import dev.dicenet.data.SegmentationData;
import dev.dicenet.io.ModelFile;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.tensor.Backend;
import dev.dicenet.training.TrainedNetwork;
import dev.dicenet.training.Trainer;
import dev.dicenet.training.TrainingOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Trains the seed's example network on a folder of images and label masks. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the seed page's example network (input size fitted to the data) on images and label "
                + "masks, with the generalized Dice loss or cross-entropy, and save the model file.",
        footer = {"", "Example (CamVid, 11 classes, void 11):",
            "  dicenet train --images ../shared/data/camvid/train --labels ../shared/data/camvid/trainannot \\",
            "    --classes Sky,Building,Pole,Road,Pavement,Tree,SignSymbol,Fence,Car,Pedestrian,Bicyclist \\",
            "    --void 11 --resize 180x240 --epochs 20 --out camvid-dice.safetensors"})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    TrainingFlags training;

    @Mixin
    BackendOption backendOption;

    @Option(names = "--loss", defaultValue = "dice", description = "dice or crossentropy (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Model file to write.")
    Path out;

    @Option(names = "--curve", paramLabel = "FILE", description = "Also write the loss curve as a PNG.")
    Path curve;

    @Option(names = "--verbose-table",
            description = "Print MATLAB's progress table instead of a progress bar (the default without a terminal).")
    boolean table;

    @Override
    public Integer call() throws Exception {
        ExampleNetwork.Loss l;
        try {
            l = ExampleNetwork.Loss.valueOf(loss.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--loss must be dice or crossentropy, got '" + loss + "'");
        }
        SegmentationData d = data.load(null);
        Backend backend = backendOption.choose(true);
        LayerArray layers = ExampleNetwork.build(d.imageSize().dim(1), d.imageSize().dim(2), d.imageSize().dim(0),
                d.classNames().size(), l);
        System.out.printf(Locale.ROOT, "%d images of %s, classes %s%n", d.size(), d.imageSize(), d.classNames());
        System.out.println(layers);
        TrainingOptions options = training.options().backend(backend);
        long start = System.nanoTime();
        TrainedNetwork t;
        ProgressDisplay progress = new ProgressDisplay(loss);
        try (progress) {
            // without a terminal (a log file, CI) the bar's carriage returns would flood the output
            boolean plain = table || System.console() == null;
            t = Trainer.trainNetwork(d, layers, plain ? options.verbose(true).verboseFrequency(10)
                    .listener(progress::record) : options.listener(progress));
        }
        ModelFile.save(t.network(), out);
        System.out.printf(Locale.ROOT, "Trained %d iterations in %.1f s on %s; final mini-batch loss %.4f; wrote %s%n",
                t.history().iterations().size(), (System.nanoTime() - start) / 1e9, backend.name(),
                t.history().last().loss(), out.toAbsolutePath());
        if (curve != null) {
            LossCurve.write(curve, "Training loss (" + loss + ")", Map.of(loss, progress.losses()));
            System.out.println("Loss curve: " + curve.toAbsolutePath());
        }
        return 0;
    }
}
