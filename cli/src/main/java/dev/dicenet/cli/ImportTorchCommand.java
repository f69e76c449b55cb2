package dev.dicenet.cli;

import dev.dicenet.io.ModelFile;
import dev.dicenet.io.TorchImport;
import dev.dicenet.layers.LayerArray;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** PyTorch peer weights to a dicenet model file. */
@Command(name = "import-torch", mixinStandardHelpOptions = true,
        description = "Convert the state_dict of the PyTorch example network, written by scripts/torch_export.py, "
                + "into a dicenet model file.")
final class ImportTorchCommand implements Callable<Integer> {
    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "safetensors file from torch_export.py.")
    Path weights;

    @Option(names = "--classes", split = ",", paramLabel = "NAME", description = "Class names (default: class1..classK).")
    List<String> classes;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Model file to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        LayerArray layers = TorchImport.exampleNetwork(weights, classes);
        ModelFile.save(layers, out);
        System.out.println(layers);
        System.out.println("Wrote " + out.toAbsolutePath());
        return 0;
    }
}
