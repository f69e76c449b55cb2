package dev.dicenet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dicenet.layers.LayerArray;
import dev.dicenet.network.Network;
import dev.dicenet.tensor.ReferenceBackend;
import dev.dicenet.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile model files: mutations of a valid one. Loading must either give a complete network that
 * runs, or throw {@link ModelFormatException}; any other exception, or an OutOfMemoryError from a
 * declared size, fails the property.
 */
class ModelFileFuzzProperties {
    private static byte[] valid;
    private static Path dir;

    @BeforeContainer
    static void saveAValidModel() throws Exception {
        dir = Files.createTempDirectory("dicenet-fuzz");
        Path f = dir.resolve("valid.safetensors");
        ModelFile.save(ModelFileTest.trained(), f);
        valid = Files.readAllBytes(f);
    }

    @AfterContainer
    static void cleanUp() throws Exception {
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    private static int headerLength() {
        return (int) ByteBuffer.wrap(valid, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** Loads the bytes; returns normally only if the result is a complete network that runs. */
    private static void loadOrReject(byte[] bytes) throws Exception {
        Path f = Files.createTempFile(dir, "m", ".safetensors");
        try {
            Files.write(f, bytes);
            LayerArray layers;
            try {
                layers = ModelFile.loadLayers(f);
            } catch (ModelFormatException expected) {
                return;
            }
            Network net = new Network(layers, new ReferenceBackend());
            int[] d = new int[layers.inputLayer().inputSize().rank() + 1];
            d[0] = 1;
            System.arraycopy(layers.inputLayer().inputSize().dims(), 0, d, 1, d.length - 1);
            Tensor scores = net.forward(Tensor.zeros(d));
            assertEquals(layers.outputLayer().classes().size(), scores.shape().dim(1));
        } finally {
            Files.delete(f);
        }
    }

    @Property
    void truncatedFiles(@ForAll long seed) throws Exception {
        int len = new Random(seed).nextInt(valid.length);
        loadOrReject(java.util.Arrays.copyOf(valid, len));
    }

    @Property
    void flippedBytes(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        byte[] b = valid.clone();
        int flips = 1 + r.nextInt(8);
        boolean inHeader = r.nextBoolean();
        for (int i = 0; i < flips; i++) {
            int at = inHeader ? 8 + r.nextInt(headerLength()) : r.nextInt(b.length);
            b[at] = (byte) r.nextInt(256);
        }
        loadOrReject(b);
    }

    @Property
    void declaredHeaderLengths(@ForAll long declared) throws Exception {
        byte[] b = valid.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, declared);
        loadOrReject(b);
    }

    private static final Pattern NUMBER = Pattern.compile("-?\\d+");
    private static final long[] EXTREMES = {0, -1, 1, 7, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
        (1L << 31), (1L << 40), 999999999999L};

    /** One number of the JSON header (a shape, an offset, a layer option) replaced by another. */
    @Property
    void mutatedHeaderNumbers(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        String header = new String(valid, 8, headerLength(), StandardCharsets.UTF_8);
        Matcher m = NUMBER.matcher(header);
        java.util.List<int[]> spans = new java.util.ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        int[] span = spans.get(r.nextInt(spans.size()));
        long replacement = r.nextBoolean() ? EXTREMES[r.nextInt(EXTREMES.length)] : r.nextInt(2000) - 1000;
        String mutated = header.substring(0, span[0]) + replacement + header.substring(span[1]);
        byte[] h = mutated.getBytes(StandardCharsets.UTF_8);
        int dataStart = 8 + headerLength();
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + valid.length - dataStart).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(valid, dataStart, valid.length - dataStart);
        loadOrReject(out.array());
    }

    @Property
    void randomBytes(@ForAll long seed) throws Exception {
        Random r = new Random(seed);
        byte[] b = new byte[r.nextInt(512)];
        r.nextBytes(b);
        if (b.length >= 8 && r.nextBoolean()) { // a plausible header length, so the JSON parser is reached
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, r.nextInt(b.length - 7));
        }
        loadOrReject(b);
    }
}
