package dev.dicenet.cli;

import dev.dicenet.data.ImageFolderData;
import dev.dicenet.io.ModelFile;
import dev.dicenet.network.SegmentationResult;
import dev.dicenet.network.SeriesNetwork;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Segments images with a model: a label PNG (class index per pixel) and a colour overlay per image. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Segment images with a model file. For each IMAGE writes NAME-labels.png (8-bit grey, the class "
                + "index of every pixel) and NAME-overlay.png (the image with class colours), resized to the "
                + "network's input size.")
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Model file.")
    Path model;

    @Option(names = "--out", defaultValue = "dicenet-out/predictions", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images to segment.")
    List<Path> images;

    @Mixin
    BackendOption backendOption;

    @Override
    public Integer call() throws Exception {
        SeriesNetwork net = ModelFile.load(model, backendOption.choose(false));
        Shape size = net.inputSize();
        int c = size.dim(0);
        int h = size.dim(1);
        int w = size.dim(2);
        Files.createDirectories(out);
        int k = net.classes().size();
        for (Path image : images) {
            float[] x = ImageFolderData.readImage(image, h, w, c);
            SegmentationResult r = net.semanticseg(Tensor.wrap(Shape.of(1, c, h, w), x));
            String base = image.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            BufferedImage labels = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            for (int i = 0; i < h * w; i++) {
                labels.getRaster().setSample(i % w, i / w, 0, r.labels().get(i));
            }
            Path labelFile = out.resolve(base + "-labels.png");
            Path overlayFile = out.resolve(base + "-overlay.png");
            LabelImages.write(labels, labelFile);
            LabelImages.write(LabelImages.overlay(LabelImages.image(x, 0, c, h, w), LabelImages.labels(r.labels(), 0, k, h, w)),
                    overlayFile);
            System.out.println(image + " -> " + labelFile + ", " + overlayFile);
        }
        return 0;
    }
}
