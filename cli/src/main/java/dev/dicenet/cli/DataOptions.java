package dev.dicenet.cli;

import dev.dicenet.data.ImageFolderData;
import dev.dicenet.data.SegmentationData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** A labelled image folder: images, masks, class names, label values, void value, resize. */
final class DataOptions {
    @Option(names = "--images", required = true, paramLabel = "DIR", description = "Folder of images.")
    Path images;

    @Option(names = "--labels", required = true, paramLabel = "DIR",
            description = "Folder of label masks with the images' file names (raw values, e.g. 8-bit grey).")
    Path labels;

    @Option(names = "--classes", split = ",", paramLabel = "NAME",
            description = "Class names in label order, comma separated (default: from the model).")
    List<String> classes;

    @Option(names = "--label-values", split = ",", paramLabel = "V",
            description = "Mask value of each class (default: 0, 1, 2, ...).")
    List<Integer> labelValues;

    @Option(names = "--void", paramLabel = "V", description = "Mask value of undefined pixels (ignored).")
    Integer voidValue;

    @Option(names = "--resize", paramLabel = "HxW",
            description = "Resize images (bilinear) and masks (nearest) on loading, e.g. 90x120.")
    String resize;

    SegmentationData load(List<String> defaultClasses) {
        List<String> names = classes != null ? classes : defaultClasses;
        if (names == null) {
            throw new IllegalArgumentException("--classes is required (class names in label order)");
        }
        int[] values = new int[names.size()];
        if (labelValues != null) {
            if (labelValues.size() != names.size()) {
                throw new IllegalArgumentException("--label-values has " + labelValues.size() + " values for "
                        + names.size() + " classes");
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = labelValues.get(i);
            }
        } else {
            for (int i = 0; i < values.length; i++) {
                values[i] = i;
            }
        }
        ImageFolderData.Spec spec = new ImageFolderData.Spec(new ArrayList<>(names), values, voidValue);
        if (resize != null) {
            int[] hw = parseSize(resize);
            spec.resize(hw[0], hw[1]);
        }
        return ImageFolderData.load(images, labels, spec);
    }

    static int[] parseSize(String text) {
        String[] p = text.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (p.length == 2) {
                int h = Integer.parseInt(p[0].trim());
                int w = Integer.parseInt(p[1].trim());
                if (h > 0 && w > 0) {
                    return new int[] {h, w};
                }
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--resize must be HxW with positive numbers, e.g. 90x120; got '" + text + "'");
    }
}
