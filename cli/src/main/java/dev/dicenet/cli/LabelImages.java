package dev.dicenet.cli;

import dev.dicenet.tensor.LabelMap;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Label maps and images as PNG: colour label maps, overlays, and image | truth | prediction panels. */
final class LabelImages {
    private static final Color VOID = Color.BLACK;

    private LabelImages() {
    }

    /** A colour per class: distinct hues, stable for a class count. */
    static Color colour(int label, int classes) {
        if (label < 0) {
            return VOID;
        }
        float hue = (label * 0.61803398875f) % 1f; // golden-ratio steps keep neighbours apart
        return Color.getHSBColor(hue, 0.75f, 0.95f);
    }

    /** An RGB image from planar [C, H, W] values in [0, 1] (1 channel: grey). */
    static BufferedImage image(float[] chw, int offset, int channels, int h, int w) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] rgb = new int[3];
                for (int c = 0; c < 3; c++) {
                    float v = chw[offset + (Math.min(c, channels - 1) * h + y) * w + x];
                    rgb[c] = Math.max(0, Math.min(255, Math.round(v * 255)));
                }
                img.setRGB(x, y, rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
            }
        }
        return img;
    }

    /** Labels of observation n as colours. */
    static BufferedImage labels(LabelMap map, int n, int classes, int h, int w) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] l = map.labels();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, colour(l[n * h * w + y * w + x], classes).getRGB());
            }
        }
        return img;
    }

    /** The image with the label colours blended in at 50%. */
    static BufferedImage overlay(BufferedImage image, BufferedImage labels) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int a = image.getRGB(x, y);
                int b = labels.getRGB(x, y);
                int r = ((a >> 16 & 255) + (b >> 16 & 255)) / 2;
                int g = ((a >> 8 & 255) + (b >> 8 & 255)) / 2;
                int bl = ((a & 255) + (b & 255)) / 2;
                out.setRGB(x, y, r << 16 | g << 8 | bl);
            }
        }
        return out;
    }

    /**
     * Rows of panels (e.g. image | truth | Dice | cross-entropy), scaled up for small images, with
     * column titles and a legend of class colours.
     */
    static BufferedImage grid(List<BufferedImage[]> rows, List<String> titles, List<String> classes) {
        int w = rows.get(0)[0].getWidth();
        int h = rows.get(0)[0].getHeight();
        int scale = Math.max(1, 160 / Math.max(w, h));
        int cols = rows.get(0).length;
        int pad = 6;
        int titleH = 20;
        int legendH = 22;
        int cw = w * scale + pad;
        BufferedImage out = new BufferedImage(cols * cw + pad, titleH + rows.size() * (h * scale + pad) + pad + legendH,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(Color.BLACK);
        for (int c = 0; c < cols; c++) {
            g.drawString(titles.get(c), pad + c * cw, 15);
        }
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < cols; c++) {
                g.drawImage(rows.get(r)[c], pad + c * cw, titleH + r * (h * scale + pad), w * scale, h * scale, null);
            }
        }
        int x = pad;
        int y = out.getHeight() - 8;
        for (int k = 0; k < classes.size(); k++) {
            g.setColor(colour(k, classes.size()));
            g.fillRect(x, y - 11, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(classes.get(k), x + 16, y);
            x += 22 + g.getFontMetrics().stringWidth(classes.get(k));
        }
        g.dispose();
        return out;
    }

    static void write(BufferedImage img, Path file) throws IOException {
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException(file + ": no PNG writer available");
        }
    }
}
