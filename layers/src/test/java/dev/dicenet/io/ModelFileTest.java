package dev.dicenet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.data.Batch;
import dev.dicenet.data.InMemoryData;
import dev.dicenet.data.SyntheticShapes;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.layers.Layers;
import dev.dicenet.network.SeriesNetwork;
import dev.dicenet.tensor.DiceOptions;
import dev.dicenet.tensor.ReferenceBackend;
import dev.dicenet.tensor.Tensor;
import dev.dicenet.training.Trainer;
import dev.dicenet.training.TrainingOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    static final InMemoryData DATA = new SyntheticShapes(16, 16, 20).generate(8, 1);

    /** A small trained network of every 2-D layer type, with non-default options. */
    static SeriesNetwork trained() {
        LayerArray layers = LayerArray.of(Layers.imageInputLayer(16, 16, 3).normalization("zscore")
                        .normalizationDimension("element"),
                Layers.convolution2dLayer(new int[] {3, 2}, 5).padding("same").dilationFactor(1, 2), Layers.reluLayer(),
                Layers.convolution2dLayer(3, 6).stride(2).padding(1, 0, 1, 1), Layers.reluLayer(),
                Layers.transposedConv2dLayer(3, 4).stride(2).cropping(0, 1, 0, 1), Layers.softmaxLayer(),
                Layers.dicePixelClassificationLayer().options(DiceOptions.monaiCompatible()));
        return Trainer.trainNetwork(DATA, layers, TrainingOptions.trainingOptions("sgdm").maxEpochs(1).miniBatchSize(4)
                .verbose(false).backend(new ReferenceBackend())).network();
    }

    static Tensor images() {
        return new Batch(4, DATA.imageSize()).load(DATA, new int[] {0, 1, 2, 3}, 0).images();
    }

    @Test
    void saveThenLoadGivesBitIdenticalOutputs() throws Exception {
        SeriesNetwork net = trained();
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(net, file);
        SeriesNetwork back = ModelFile.load(file, new ReferenceBackend());
        assertEquals(net.layers().toString(), back.layers().toString());
        assertEquals(net.classes(), back.classes());
        assertArrayEquals(net.semanticseg(images()).scores().data(), back.semanticseg(images()).scores().data(), 0f);
        assertEquals(DiceOptions.monaiCompatible(),
                ((dev.dicenet.layers.DicePixelClassificationLayer) back.layers().outputLayer()).options());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void savingReplacesAtomically() throws Exception {
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(trained(), file);
        byte[] first = Files.readAllBytes(file);
        ModelFile.save(trained(), file);
        assertArrayEquals(first, Files.readAllBytes(file), "same seed, same file");
    }

    private Path saved() throws Exception {
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(trained(), file);
        return file;
    }

    private static String header(byte[] b) {
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(b, 8, (int) n, StandardCharsets.UTF_8);
    }

    /** Rewrites the header (padded to its old length) and checks the load fails naming the file. */
    private void assertRejectsHeader(Path file, String from, String to, String expected) throws Exception {
        byte[] b = Files.readAllBytes(file);
        String h = header(b);
        assertTrue(h.contains(from), "test setup: header lacks " + from);
        String mutated = h.replace(from, to);
        byte[] mb = mutated.getBytes(StandardCharsets.UTF_8);
        int dataStart = 8 + h.getBytes(StandardCharsets.UTF_8).length;
        ByteBuffer out = ByteBuffer.allocate(8 + mb.length + b.length - dataStart).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(mb.length).put(mb).put(b, dataStart, b.length - dataStart);
        Path bad = dir.resolve("bad.safetensors");
        Files.write(bad, out.array());
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> ModelFile.load(bad, new ReferenceBackend()));
        assertTrue(e.getMessage().startsWith(bad.toString()) && e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void hostileHeadersAreRejectedWithClearMessages() throws Exception {
        Path file = saved();
        assertRejectsHeader(file, "\"dtype\":\"F32\"", "\"dtype\":\"F16\"", "only F32");
        assertRejectsHeader(file, "\"format\":\"dicenet-model\"", "\"format\":\"other-model\"", "not a dicenet model");
        assertRejectsHeader(file, "\"version\":\"1\"", "\"version\":\"9\"", "version 9 is not supported");
        String h = header(Files.readAllBytes(file));
        // the first tensor's offsets [0, n]: shift it onto the second one
        int i = h.indexOf("\"data_offsets\":[0,");
        String first = h.substring(i, h.indexOf(']', i) + 1);
        assertRejectsHeader(file, first, first.replace("[0,", "[4,"), "data bytes but its shape");
        assertRejectsHeader(file, first, "\"data_offsets\":[-8,0]", "outside");
        assertRejectsHeader(file, first, "\"data_offsets\":[0,99999999999]", "outside");
        // the layer description is a JSON string inside the header: its quotes are escaped there
        assertRejectsHeader(file, "\\\"numFilters\\\":5", "\\\"numFilters\\\":7", "Weights have shape");
        assertRejectsHeader(file, "\\\"relu\\\"", "\\\"rel\\u0075x\\\"", "unknown layer type");
        assertRejectsHeader(file, "\\\"name\\\":\\\"conv_1\\\"", "\\\"name\\\":\\\"conv_9\\\"", "missing");
    }

    @Test
    void truncatedAndRandomFilesAreRejected() throws Exception {
        byte[] b = Files.readAllBytes(saved());
        Path bad = dir.resolve("bad.safetensors");
        for (int len : new int[] {0, 5, 8, 20, b.length / 2, b.length - 1}) {
            Files.write(bad, java.util.Arrays.copyOf(b, len));
            assertThrows(ModelFormatException.class, () -> ModelFile.load(bad, new ReferenceBackend()), "length " + len);
        }
        byte[] huge = b.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE);
        Files.write(bad, huge);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(bad, new ReferenceBackend()));
        assertTrue(e.getMessage().contains("declared header length"), e.getMessage());
        java.util.Random r = new java.util.Random(1);
        for (int t = 0; t < 50; t++) {
            byte[] noise = new byte[r.nextInt(200)];
            r.nextBytes(noise);
            Files.write(bad, noise);
            assertThrows(ModelFormatException.class, () -> ModelFile.load(bad, new ReferenceBackend()));
        }
        assertFalse(Files.exists(dir.resolve("missing")));
        assertThrows(ModelFormatException.class, () -> ModelFile.load(dir.resolve("missing"), new ReferenceBackend()));
    }

    @Test
    void jsonReaderIsStrict() {
        assertThrows(Json.JsonException.class, () -> Json.parse("{\"a\":1,}"));
        assertThrows(Json.JsonException.class, () -> Json.parse("{\"a\":1,\"a\":2}"));
        assertThrows(Json.JsonException.class, () -> Json.parse("[1] x"));
        assertThrows(Json.JsonException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
        assertEquals(java.util.List.of(1.0, "a\"b", true), assertDoesNotThrow("[1, \"a\\\"b\", true]"));
    }

    private static Object assertDoesNotThrow(String json) {
        try {
            return Json.parse(json);
        } catch (Json.JsonException e) {
            throw new AssertionError(e);
        }
    }
}
