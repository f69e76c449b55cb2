package dev.dicenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDataTest {
    @TempDir
    Path dir;

    private static final List<String> CLASSES = List.of("sky", "road");
    private static final ImageFolderData.Spec SPEC = new ImageFolderData.Spec(CLASSES, new int[] {10, 20}, 255);

    private Path images() throws Exception {
        return Files.createDirectories(dir.resolve("images"));
    }

    private Path masks() throws Exception {
        return Files.createDirectories(dir.resolve("masks"));
    }

    private static void writeRgb(Path file, int w, int h, int rgb) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb + x);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    private static void writeMask(Path file, int w, int h, int... values) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < w * h; i++) {
            img.getRaster().setSample(i % w, i / w, 0, values[i % values.length]);
        }
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void readsImagesScaledAndMasksAsRawValues() throws Exception {
        writeRgb(images().resolve("a.png"), 3, 2, 0x102030);
        writeMask(masks().resolve("a.png"), 3, 2, 10, 20, 255);
        ImageFolderData d = ImageFolderData.load(images(), masks(), SPEC);
        assertEquals(1, d.size());
        assertEquals(Shape.of(3, 2, 3), d.imageSize());
        float[] x = new float[18];
        d.readImage(0, x, 0);
        assertEquals(0x10 / 255f, x[0], 1e-7);       // R of (0,0)
        assertEquals(0x20 / 255f, x[6 + 0], 1e-7);   // G of (0,0): green channel starts at 6
        assertEquals(0x32 / 255f, x[12 + 2], 1e-7);  // B of (2,0) = 0x30 + 2
        int[] l = new int[6];
        d.readLabels(0, l, 0);
        assertArrayEquals(new int[] {0, 1, LabelMap.UNDEFINED, 0, 1, LabelMap.UNDEFINED}, l);
        assertEquals("a.png", d.describe(0));
    }

    @Test
    void resizesMasksByNearestNeighbour() throws Exception {
        writeRgb(images().resolve("a.png"), 4, 4, 0);
        writeMask(masks().resolve("a.png"), 4, 4, 10, 10, 20, 20);
        ImageFolderData d = ImageFolderData.load(images(), masks(), new ImageFolderData.Spec(CLASSES,
                new int[] {10, 20}, 255).resize(2, 2));
        int[] l = new int[4];
        d.readLabels(0, l, 0);
        assertArrayEquals(new int[] {0, 1, 0, 1}, l);
    }

    @Test
    void errorsNameTheFile() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageFolderData.load(dir.resolve("nope"), masks(), SPEC));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("does not exist"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ImageFolderData.load(images(), masks(), SPEC));
        assertTrue(e.getMessage().contains("holds no images"), e.getMessage());

        writeRgb(images().resolve("a.png"), 3, 2, 0);
        writeMask(masks().resolve("a.png"), 2, 2, 10);
        e = assertThrows(IllegalArgumentException.class, () -> ImageFolderData.load(images(), masks(), SPEC));
        assertTrue(e.getMessage().contains("a.png: mask is 2x2") && e.getMessage().contains("is 3x2"), e.getMessage());

        writeMask(masks().resolve("a.png"), 3, 2, 10, 7);
        e = assertThrows(IllegalArgumentException.class, () -> ImageFolderData.load(images(), masks(), SPEC));
        assertTrue(e.getMessage().contains("mask value 7") && e.getMessage().contains("void value 255"), e.getMessage());

        writeMask(masks().resolve("a.png"), 3, 2, 10);
        Files.writeString(images().resolve("b.png"), "not a png");
        writeMask(masks().resolve("b.png"), 3, 2, 10);
        e = assertThrows(IllegalArgumentException.class, () -> ImageFolderData.load(images(), masks(), SPEC));
        assertTrue(e.getMessage().contains("b.png") && e.getMessage().contains("image"), e.getMessage());

        writeRgb(images().resolve("b.png"), 4, 2, 0);
        writeMask(masks().resolve("b.png"), 4, 2, 10);
        e = assertThrows(IllegalArgumentException.class, () -> ImageFolderData.load(images(), masks(), SPEC));
        assertTrue(e.getMessage().contains("b.png: image is 2x4x3 but the first image is 2x3x3"), e.getMessage());

        Files.delete(masks().resolve("b.png"));
        e = assertThrows(IllegalArgumentException.class, () -> ImageFolderData.load(images(), masks(), SPEC));
        assertTrue(e.getMessage().contains("b.png: no mask named b.png"), e.getMessage());
    }

    @Test
    void readsCamVid() {
        Path camvid = Path.of("../../shared/data/camvid");
        Assumptions.assumeTrue(Files.isDirectory(camvid), "CamVid is not beside the project");
        List<String> names = List.of("Sky", "Building", "Pole", "Road", "Pavement", "Tree", "SignSymbol", "Fence",
                "Car", "Pedestrian", "Bicyclist");
        ImageFolderData d = ImageFolderData.load(camvid.resolve("val"), camvid.resolve("valannot"),
                new ImageFolderData.Spec(names, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 11).resize(90, 120));
        assertEquals(26, d.size());
        assertEquals(Shape.of(3, 90, 120), d.imageSize());
        int[] l = new int[90 * 120];
        int[] count = new int[12];
        for (int i = 0; i < d.size(); i++) {
            d.readLabels(i, l, 0);
            for (int v : l) {
                count[v < 0 ? 11 : v]++;
            }
        }
        // README: every class and void occur in the val split; Road (~29%) outnumbers Pole (~0.5%)
        for (int c : count) {
            assertTrue(c > 0, java.util.Arrays.toString(count));
        }
        assertTrue(count[3] > 20 * count[2], java.util.Arrays.toString(count));
    }
}
