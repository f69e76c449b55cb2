package dev.dicenet.data;

import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.Shape;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A data set from a folder of images and a folder of label masks with the same file names (as
 * MATLAB's imageDatastore + pixelLabelDatastore). Images are read through javax.imageio and scaled
 * to [0, 1] (as im2single); masks are read as raw sample values (a grey level or palette index, no
 * colour conversion) and mapped to classes through the label values; the void value becomes
 * undefined. Optionally resized on loading: images bilinearly, masks by nearest neighbour. Everything
 * is loaded into memory at 16 bits per sample. Errors name the file and what was expected.
 */
public final class ImageFolderData implements SegmentationData {
    private final List<String> classNames;
    private final Shape imageSize;
    private final List<String> names = new ArrayList<>();
    private final List<short[]> images = new ArrayList<>();
    private final List<int[]> labels = new ArrayList<>();
    private final List<Float> scales = new ArrayList<>();

    /** What to read and how to map mask values to classes. */
    public static final class Spec {
        private final List<String> classNames;
        private final int[] labelValues;
        private final Integer voidValue;
        private int height;
        private int width;

        /**
         * @param classNames  class names in label order
         * @param labelValues the mask value of each class (same length as classNames)
         * @param voidValue   the mask value of undefined pixels, or null if there is none
         */
        public Spec(List<String> classNames, int[] labelValues, Integer voidValue) {
            if (classNames.size() < 2) {
                throw new IllegalArgumentException("a segmentation data set needs at least two classes, got " + classNames);
            }
            if (labelValues.length != classNames.size()) {
                throw new IllegalArgumentException(classNames.size() + " class names but " + labelValues.length
                        + " label values");
            }
            this.classNames = List.copyOf(classNames);
            this.labelValues = labelValues.clone();
            this.voidValue = voidValue;
        }

        /** Resize every image and mask to height x width when loading (0 keeps the files' size). */
        public Spec resize(int height, int width) {
            if (height < 0 || width < 0) {
                throw new IllegalArgumentException("resize needs a size >= 0, got " + height + "x" + width);
            }
            this.height = height;
            this.width = width;
            return this;
        }
    }

    private ImageFolderData(List<String> classNames, Shape imageSize) {
        this.classNames = classNames;
        this.imageSize = imageSize;
    }

    /** Loads every image of {@code imageDir} with its mask from {@code maskDir} (same file name, any image extension). */
    public static ImageFolderData load(Path imageDir, Path maskDir, Spec spec) {
        List<Path> files = listImages(imageDir, "image");
        listImages(maskDir, "mask");
        int[] lookup = lookupTable(spec);
        ImageFolderData data = null;
        for (Path file : files) {
            Path mask = findMask(maskDir, file);
            BufferedImage img = read(file);
            BufferedImage msk = read(mask);
            if (img.getWidth() != msk.getWidth() || img.getHeight() != msk.getHeight()) {
                throw new IllegalArgumentException(mask + ": mask is " + msk.getWidth() + "x" + msk.getHeight()
                        + " (width x height) but its image " + file.getFileName() + " is " + img.getWidth() + "x"
                        + img.getHeight());
            }
            int h = spec.height > 0 ? spec.height : img.getHeight();
            int w = spec.width > 0 ? spec.width : img.getWidth();
            if (spec.height > 0) {
                img = resizeBilinear(img, h, w);
            }
            int channels = channels(img);
            Shape size = Shape.of(channels, h, w);
            if (data == null) {
                data = new ImageFolderData(spec.classNames, size);
            } else if (!data.imageSize.equals(size)) {
                throw new IllegalArgumentException(file + ": image is " + MatlabSize.of(size) + " but the first image is "
                        + MatlabSize.of(data.imageSize) + "; all images must have one size (or set a resize)");
            }
            data.names.add(file.getFileName().toString());
            data.images.add(samples(img, channels));
            data.scales.add(1f / ((1 << img.getColorModel().getComponentSize(0)) - 1));
            data.labels.add(labels(msk, mask, h, w, lookup, spec));
        }
        return data;
    }

    /**
     * One image as planar [C, H, W] values in [0, 1], resized (bilinear) to height x width when its
     * size differs; it must have {@code channels} channels.
     */
    public static float[] readImage(Path file, int height, int width, int channels) {
        BufferedImage img = read(file);
        if (img.getHeight() != height || img.getWidth() != width) {
            img = resizeBilinear(img, height, width);
        }
        int c = channels(img);
        if (c != channels) {
            throw new IllegalArgumentException(file + ": image has " + c + " channels, expected " + channels);
        }
        short[] s = samples(img, c);
        float scale = 1f / ((1 << img.getColorModel().getComponentSize(0)) - 1);
        float[] out = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = (s[i] & 0xFFFF) * scale;
        }
        return out;
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public Shape imageSize() {
        return imageSize;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public void readImage(int index, float[] dst, int offset) {
        short[] src = images.get(index);
        float scale = scales.get(index);
        for (int i = 0; i < src.length; i++) {
            dst[offset + i] = (src[i] & 0xFFFF) * scale;
        }
    }

    @Override
    public void readLabels(int index, int[] dst, int offset) {
        int[] src = labels.get(index);
        System.arraycopy(src, 0, dst, offset, src.length);
    }

    @Override
    public String describe(int index) {
        return names.get(index);
    }

    /** Colour channels without alpha; a palette image has 3. */
    private static int channels(BufferedImage img) {
        int bands = img.getRaster().getNumBands();
        if (img.getColorModel() instanceof java.awt.image.IndexColorModel) {
            return 3;
        }
        return bands == 4 || bands == 2 ? bands - 1 : bands;
    }

    private static List<Path> listImages(Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": " + what + " folder does not exist or is not a folder");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> isImageName(p.getFileName().toString())).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list the " + what + " folder", e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(dir + ": " + what + " folder holds no images (.png, .jpg, .bmp, .gif)");
        }
        return files;
    }

    private static boolean isImageName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp") || n.endsWith(".gif");
    }

    private static Path findMask(Path maskDir, Path image) {
        String name = image.getFileName().toString();
        String base = name.substring(0, name.lastIndexOf('.'));
        for (String ext : new String[] {".png", ".bmp", ".gif", name.substring(name.lastIndexOf('.'))}) {
            Path p = maskDir.resolve(base + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException(image + ": no mask named " + base + ".png in " + maskDir);
    }

    private static BufferedImage read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IllegalArgumentException(file + ": not an image that javax.imageio can read "
                        + "(expected PNG, JPEG, BMP or GIF)");
            }
            return img;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read as an image: " + e.getMessage(), e);
        }
    }

    private static short[] samples(BufferedImage img, int channels) {
        int h = img.getHeight();
        int w = img.getWidth();
        short[] out = new short[channels * h * w];
        if (img.getColorModel() instanceof java.awt.image.IndexColorModel) { // a palette image: its colours
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x, y);
                    out[y * w + x] = (short) ((rgb >> 16) & 0xFF);
                    out[h * w + y * w + x] = (short) ((rgb >> 8) & 0xFF);
                    out[2 * h * w + y * w + x] = (short) (rgb & 0xFF);
                }
            }
            return out;
        }
        Raster r = img.getRaster();
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[(c * h + y) * w + x] = (short) r.getSample(x, y, c);
                }
            }
        }
        return out;
    }

    private static int[] labels(BufferedImage msk, Path file, int h, int w, int[] lookup, Spec spec) {
        Raster r = msk.getRaster();
        int[] out = new int[h * w];
        for (int y = 0; y < h; y++) {
            int sy = y * msk.getHeight() / h; // nearest neighbour: never interpolate labels
            for (int x = 0; x < w; x++) {
                int sx = x * msk.getWidth() / w;
                int v = r.getSample(sx, sy, 0);
                int label = v < lookup.length ? lookup[v] : Integer.MIN_VALUE;
                if (label == Integer.MIN_VALUE) {
                    throw new IllegalArgumentException(file + ": mask value " + v + " at (x=" + sx + ", y=" + sy
                            + ") is neither a class label value " + java.util.Arrays.toString(spec.labelValues)
                            + " nor the void value " + spec.voidValue);
                }
                out[y * w + x] = label;
            }
        }
        return out;
    }

    private static int[] lookupTable(Spec spec) {
        int max = spec.voidValue == null ? 0 : spec.voidValue;
        for (int v : spec.labelValues) {
            if (v < 0) {
                throw new IllegalArgumentException("label values must be >= 0, got " + v);
            }
            max = Math.max(max, v);
        }
        int[] t = new int[max + 1];
        java.util.Arrays.fill(t, Integer.MIN_VALUE);
        for (int k = 0; k < spec.labelValues.length; k++) {
            if (t[spec.labelValues[k]] != Integer.MIN_VALUE) {
                throw new IllegalArgumentException("label value " + spec.labelValues[k] + " is given to two classes");
            }
            t[spec.labelValues[k]] = k;
        }
        if (spec.voidValue != null) {
            if (t[spec.voidValue] != Integer.MIN_VALUE) {
                throw new IllegalArgumentException("the void value " + spec.voidValue + " is also a class label value");
            }
            t[spec.voidValue] = LabelMap.UNDEFINED;
        }
        return t;
    }

    private static BufferedImage resizeBilinear(BufferedImage src, int h, int w) {
        int type = src.getRaster().getNumBands() == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB;
        BufferedImage dst = new BufferedImage(w, h, type);
        java.awt.Graphics2D g = dst.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return dst;
    }

    /** HxWxC for messages. */
    private static final class MatlabSize {
        static String of(Shape s) {
            return s.dim(1) + "x" + s.dim(2) + "x" + s.dim(0);
        }
    }
}
