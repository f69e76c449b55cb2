package dev.dicenet.data;

import dev.dicenet.tensor.Shape;
import java.util.List;
import java.util.Random;

/**
 * Generated road-scene-like images with heavily imbalanced classes that differ by colour under
 * Gaussian noise, for demos and tests that need no data on disk:
 * <ul>
 *   <li>background (about 70% of the pixels), grey-green;</li>
 *   <li>road: a horizontal band (about 20%), dark purple;</li>
 *   <li>car: rectangles on the road (about 8%), blue;</li>
 *   <li>sign: small squares above the road (under 1%), red.</li>
 * </ul>
 * Pixel values are in [0, 1], as im2single gives them; a few pixels per image are undefined (void) at
 * object borders, as annotators leave them. Deterministic for a seed.
 */
public final class SyntheticShapes {
    public static final List<String> CLASSES = List.of("background", "road", "car", "sign");
    private static final float[][] COLOURS = {
        {110, 130, 100}, // background
        {90, 60, 110},   // road
        {40, 70, 190},   // car
        {200, 40, 40},   // sign
    };

    private final int height;
    private final int width;
    private final double noise;

    /** Images of height x width with per-channel Gaussian noise of this standard deviation (in 0..255 units). */
    public SyntheticShapes(int height, int width, double noise) {
        if (height < 16 || width < 16) {
            throw new IllegalArgumentException("synthetic images need at least 16x16 pixels, got " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
        this.noise = noise;
    }

    /** A data set of {@code count} images drawn from {@code seed}. */
    public InMemoryData generate(int count, long seed) {
        Random r = new Random(seed);
        InMemoryData data = new InMemoryData(CLASSES, Shape.of(3, height, width));
        for (int i = 0; i < count; i++) {
            int[] labels = layout(r);
            data.add("synthetic-" + seed + "-" + i, paint(labels, r), labels);
        }
        return data;
    }

    private int[] layout(Random r) {
        int[] l = new int[height * width];
        int roadTop = height / 2 + r.nextInt(Math.max(1, height / 8));
        int roadBottom = Math.min(height, roadTop + height / 5 + r.nextInt(Math.max(1, height / 10)));
        fill(l, roadTop, roadBottom, 0, width, 1);
        int cars = 1 + r.nextInt(2);
        for (int c = 0; c < cars; c++) {
            int h = Math.max(3, height / 10 + r.nextInt(Math.max(1, height / 16)));
            int w = Math.max(4, width / 6 + r.nextInt(Math.max(1, width / 10)));
            int top = Math.max(0, roadTop - h / 2 + r.nextInt(Math.max(1, (roadBottom - roadTop) / 2)));
            int left = r.nextInt(Math.max(1, width - w));
            fill(l, top, Math.min(height, top + h), left, left + w, 2);
        }
        int side = Math.max(3, height / 16);
        int top = r.nextInt(Math.max(1, roadTop - side - 2));
        int left = r.nextInt(width - side);
        fill(l, top, top + side, left, left + side, 3);
        markVoidBorders(l, r);
        return l;
    }

    /** Sets a few pixels where classes meet to undefined, as hand annotation does. */
    private void markVoidBorders(int[] l, Random r) {
        int[] copy = l.clone();
        for (int y = 0; y < height; y++) {
            for (int x = 1; x < width; x++) {
                int i = y * width + x;
                if (copy[i] != copy[i - 1] && r.nextDouble() < 0.2) {
                    l[i] = dev.dicenet.tensor.LabelMap.UNDEFINED;
                }
            }
        }
    }

    private void fill(int[] l, int top, int bottom, int left, int right, int label) {
        for (int y = top; y < bottom; y++) {
            for (int x = left; x < right; x++) {
                l[y * width + x] = label;
            }
        }
    }

    private float[] paint(int[] labels, Random r) {
        int m = height * width;
        float[] img = new float[3 * m];
        for (int i = 0; i < m; i++) {
            int cls = labels[i] < 0 ? neighbourClass(labels, i) : labels[i];
            for (int c = 0; c < 3; c++) {
                double v = COLOURS[cls][c] + noise * r.nextGaussian();
                img[c * m + i] = (float) (Math.max(0, Math.min(255, v)) / 255);
            }
        }
        return img;
    }

    private static int neighbourClass(int[] labels, int i) {
        for (int j = i - 1; j >= 0; j--) {
            if (labels[j] >= 0) {
                return labels[j];
            }
        }
        return 0;
    }
}
