package dev.dicenet.cli;

import dev.dicenet.io.ModelFile;
import dev.dicenet.layers.Layer;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.layers.OutputLayer;
import dev.dicenet.layers.Parameter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The layer array table of a model, or of the seed page's example. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print the layer array table (as MATLAB does) of a model file, or of the seed page's example.")
final class SummaryCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE", description = "Model file; without it, the seed page's example.")
    Path model;

    @Override
    public Integer call() throws Exception {
        LayerArray layers = model == null ? ExampleNetwork.build(480, 640, 3, 4, ExampleNetwork.Loss.DICE)
                : ModelFile.loadLayers(model);
        System.out.println(layers);
        if (model != null) {
            long count = 0;
            for (Layer l : layers) {
                for (Parameter p : l.parameters()) {
                    count += p.shape().size();
                }
            }
            OutputLayer out = layers.outputLayer();
            System.out.println();
            System.out.println("Classes: " + out.classes() + "   OutputSize: " + out.outputSizeText()
                    + "   LossFunction: " + out.lossFunction() + "   learnable parameters: " + count);
        }
        return 0;
    }
}
