package dev.dicenet.io;

import dev.dicenet.layers.Layer;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.layers.OutputLayer;
import dev.dicenet.network.SeriesNetwork;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * dicenet model files (format "dicenet-model", version 1): the safetensors layout
 * ({@link SafeTensors}) holding every learnable tensor and normalization statistic as F32, named
 * {@code <layer name>.<property>} (e.g. {@code conv.Weights}, {@code imageinput.Mean}), with
 * {@code __metadata__} {"format": "dicenet-model", "version": "1", "layers": JSON}, where the
 * JSON lists each layer's type, name and options (README.md, "Model files").
 *
 * <p>Saving is atomic: the file is written to a temporary file beside the target, forced to disk,
 * then renamed over it, so a crash leaves either the old file or the new one. Loading never uses
 * Java serialization, validates everything (header bounds, offsets, dtype, shapes against the
 * layers, unused tensors) and returns a complete network or throws {@link ModelFormatException}.
 */
public final class ModelFile {
    public static final String FORMAT = "dicenet-model";
    public static final String VERSION = "1";

    private ModelFile() {
    }

    /** Prefix of the tensors that hold training state in a checkpoint (ignored when loading a model). */
    public static final String STATE_PREFIX = "state.";

    /** Saves a trained layer array atomically. */
    public static void save(LayerArray layers, Path file) throws IOException {
        save(layers, file, Map.of(), Map.of());
    }

    /**
     * Saves a layer array atomically with extra training state: tensors named {@code state.*} and
     * metadata entries (a checkpoint; it still loads as a model).
     */
    public static void save(LayerArray layers, Path file, Map<String, SafeTensors.Entry> state,
                            Map<String, String> extraMetadata) throws IOException {
        if (layers.outputLayer().hasAutoClasses()) {
            throw new IllegalArgumentException("only a trained network (with Classes set) can be saved");
        }
        Map<String, SafeTensors.Entry> tensors = new LinkedHashMap<>();
        List<Object> described = new ArrayList<>();
        for (Layer l : layers) {
            if (l.name().isEmpty()) {
                throw new IllegalArgumentException("every layer needs a name to be saved: " + l.who());
            }
            described.add(LayerCodec.encode(l, tensors));
        }
        for (Map.Entry<String, SafeTensors.Entry> e : state.entrySet()) {
            if (!e.getKey().startsWith(STATE_PREFIX)) {
                throw new IllegalArgumentException("training state tensors are named " + STATE_PREFIX + "*, got " + e.getKey());
            }
            tensors.put(e.getKey(), e.getValue());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("version", VERSION);
        metadata.put("layers", Json.write(described));
        metadata.putAll(extraMetadata);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                SafeTensors.write(out, metadata, tensors);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void save(SeriesNetwork net, Path file) throws IOException {
        save(net.layers(), file);
    }

    /** Loads the layers of a model file, fully validated. */
    public static LayerArray loadLayers(Path file) throws ModelFormatException {
        return loadLayers(file, SafeTensors.read(file));
    }

    /** A checkpoint: its layers, its training-state tensors and its metadata. */
    public static final class Checkpoint {
        public final LayerArray layers;
        public final Map<String, SafeTensors.Entry> state;
        public final Map<String, String> metadata;

        Checkpoint(LayerArray layers, Map<String, SafeTensors.Entry> state, Map<String, String> metadata) {
            this.layers = layers;
            this.state = state;
            this.metadata = metadata;
        }
    }

    /** Loads a checkpoint written by {@link #save(LayerArray, Path, Map, Map)}. */
    public static Checkpoint loadCheckpoint(Path file) throws ModelFormatException {
        SafeTensors.Contents c = SafeTensors.read(file);
        LayerArray layers = loadLayers(file, c);
        Map<String, SafeTensors.Entry> state = new LinkedHashMap<>();
        c.tensors.forEach((k, v) -> {
            if (k.startsWith(STATE_PREFIX)) {
                state.put(k, v);
            }
        });
        return new Checkpoint(layers, state, c.metadata);
    }

    private static LayerArray loadLayers(Path file, SafeTensors.Contents c) throws ModelFormatException {
        if (!FORMAT.equals(c.metadata.get("format"))) {
            throw SafeTensors.bad(file, "not a dicenet model: __metadata__ format is " + c.metadata.get("format")
                    + ", expected " + FORMAT);
        }
        if (!VERSION.equals(c.metadata.get("version"))) {
            throw SafeTensors.bad(file, "model format version " + c.metadata.get("version")
                    + " is not supported (this dicenet reads version " + VERSION + ")");
        }
        Object described;
        try {
            described = Json.parse(c.metadata.getOrDefault("layers", ""));
        } catch (Json.JsonException e) {
            throw SafeTensors.bad(file, "layer description is not valid JSON: " + e.getMessage());
        }
        if (!(described instanceof List) || ((List<?>) described).isEmpty()) {
            throw SafeTensors.bad(file, "layer description must be a non-empty list");
        }
        Map<String, SafeTensors.Entry> tensors = new LinkedHashMap<>(c.tensors);
        tensors.keySet().removeIf(k -> k.startsWith(STATE_PREFIX)); // training state of a checkpoint
        List<Layer> layers = new ArrayList<>();
        List<?> list = (List<?>) described;
        for (int i = 0; i < list.size(); i++) {
            layers.add(LayerCodec.decode(file, list.get(i), i + 1, tensors));
        }
        if (!tensors.isEmpty()) {
            throw SafeTensors.bad(file, "tensors not used by any layer: " + tensors.keySet());
        }
        LayerArray array;
        try {
            array = LayerArray.of(layers);
            List<Shape> sizes = array.validate();
            Shape size = array.inputLayer().inputSize();
            for (Layer l : array) {
                l.initialize(size, new Random(0)); // parameters are all given: this checks their shapes
                size = l.outputSize(size);
            }
            OutputLayer out = array.outputLayer();
            out.resolve(out.classes(), sizes.get(sizes.size() - 1));
        } catch (IllegalArgumentException e) {
            throw SafeTensors.bad(file, e.getMessage());
        }
        return array;
    }

    /** Loads a model file as a network on the given backend. */
    public static SeriesNetwork load(Path file, Backend backend) throws ModelFormatException {
        return new SeriesNetwork(loadLayers(file), backend);
    }
}
