package dev.dicenet.bench;

import dev.dicenet.io.Json;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Turns JMH JSON results (jmh*.json) and, when present, the PyTorch peer's output (pytorch.txt)
 * into report.md and report.png in the given folder. Ratios compare numbers measured in the same
 * run: dicenet backend / reference backend, backend / vector backend, and dicenet / PyTorch (training step vs PyTorch's
 * forward+loss+backward; inference vs PyTorch's forward to softmax).
 *
 * <p>Work model per image of P = H x W pixels (the example network: 4 classes, 16 hidden channels at
 * half resolution), see {@link #work}: the 3x3/2 convolution does 108 P multiply-accumulates
 * ((P/4) x 16 x 27), the 2x2/2 transposed convolution 64 P (P x 4 x 16), as the PyTorch peer's own model
 * counts them; a training step does each convolution's MACs for forward and weights, and the transposed
 * one's again for its input gradient. Bytes: every tensor an op reads or writes once (float32; labels
 * 4 B). Achieved GB/s from this model understate fused kernels, which move fewer bytes.
 */
public final class Report {
    private Report() {
    }

    /** One JMH result row. */
    static final class Row {
        String benchmark;
        String backend;
        int batch;
        String size;
        double ms;
        double error;
        double allocBytes = Double.NaN;

        String key() {
            return benchmark + "|" + batch + "|" + size;
        }

        int pixels() {
            String[] hw = size.split("x");
            return Integer.parseInt(hw[0]) * Integer.parseInt(hw[1]);
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench/report");
        List<Row> rows = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.filter(f -> f.getFileName().toString().matches("jmh.*\\.json")).sorted()::iterator) {
                rows.addAll(parseJmh(f));
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("no JMH results (jmh*.json) in " + dir);
        }
        Map<String, Double> torch = parseTorch(dir.resolve("pytorch.txt"));
        String md = markdown(rows, torch, dir);
        Files.writeString(dir.resolve("report.md"), md);
        chart(rows, dir.resolve("report.png"));
        System.out.print(md);
        System.out.println("Wrote " + dir.resolve("report.md") + " and " + dir.resolve("report.png"));
    }

    static List<Row> parseJmh(Path file) throws IOException, Json.JsonException {
        List<Row> rows = new ArrayList<>();
        for (Object o : (List<?>) Json.parse(Files.readString(file))) {
            Map<?, ?> r = (Map<?, ?>) o;
            Row row = new Row();
            String name = (String) r.get("benchmark");
            row.benchmark = name.substring(name.lastIndexOf('.') + 1);
            Map<?, ?> p = (Map<?, ?>) r.get("params");
            row.backend = (String) p.get("backend");
            row.batch = Integer.parseInt((String) p.get("batch"));
            row.size = (String) p.get("size");
            Map<?, ?> primary = (Map<?, ?>) r.get("primaryMetric");
            row.ms = ((Number) primary.get("score")).doubleValue();
            Object err = primary.get("scoreError");
            row.error = err instanceof Number ? ((Number) err).doubleValue() : Double.NaN;
            Map<?, ?> secondary = (Map<?, ?>) r.get("secondaryMetrics");
            if (secondary != null && secondary.get("gc.alloc.rate.norm") instanceof Map) {
                row.allocBytes = ((Number) ((Map<?, ?>) secondary.get("gc.alloc.rate.norm")).get("score")).doubleValue();
            }
            rows.add(row);
        }
        return rows;
    }

    /** PyTorch peer lines: "threads=2 N=8 forward+loss+backward  median  494.75 ms". Key "mode|N". */
    static Map<String, Double> parseTorch(Path file) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        Pattern p = Pattern.compile("threads=(\\d+) N=(\\d+) (.+?)\\s+median\\s+([0-9.]+) ms");
        for (String line : Files.readAllLines(file)) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                out.put(m.group(3).trim() + "|" + m.group(2), Double.parseDouble(m.group(4)));
            }
        }
        return out;
    }

    /** {MACs, bytes} per pixel of the image for a benchmark, or null when not modelled. */
    static double[] work(String benchmark) {
        switch (benchmark) {
            case "convForward":
            case "convReluForward":
            case "convBackwardData":
            case "convBackwardWeights":
                return new double[] {108, 28};         // input 12 B + hidden 16 B per pixel
            case "transposedConvForward":
            case "transposedConvBackwardData":
            case "transposedConvBackwardWeights":
                return new double[] {64, 32};          // hidden 16 B + logits 16 B
            case "relu":
            case "softmax":
                return new double[] {0, 32};
            case "diceForward":
                return new double[] {0, 20};           // probabilities 16 B + labels 4 B
            case "diceBackward":
            case "fusedSoftmaxDiceBackward":
                return new double[] {0, 56};           // two passes over probabilities and labels, one write
            case "inference":
                return new double[] {108 + 64, 104};   // image 12, normalized 24, hidden 32, logits 32, labels 4
            case "trainingStep":
                return new double[] {2 * 108 + 3 * 64, 396};
            default:
                return null;
        }
    }

    static String markdown(List<Row> rows, Map<String, Double> torch, Path dir) {
        StringBuilder sb = new StringBuilder();
        sb.append("# dicenet backend comparison\n\n");
        sb.append(String.format(Locale.ROOT, "%s, %d cores (%s), JDK %s (%s), OS %s. One JMH run; PyTorch peer run right after it "
                        + "in the same command.%n%n", LocalDate.now(), Runtime.getRuntime().availableProcessors(), cpuModel(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.name")));
        sb.append("| benchmark | backend | batch | size | ms/op (±99.9%) | images/s | vs reference | vs vector | vs PyTorch | GFLOP/s | GB/s | alloc/op |\n");
        sb.append("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<String, Double> reference = new LinkedHashMap<>();
        Map<String, Double> vector = new LinkedHashMap<>();
        for (Row r : rows) {
            if ("reference".equals(r.backend)) {
                reference.put(r.key(), r.ms);
            }
            if ("vector".equals(r.backend)) {
                vector.put(r.key(), r.ms);
            }
        }
        for (Row r : rows) {
            Double ref = reference.get(r.key());
            String vsRef = ref == null || r.backend.equals("reference") ? "" : String.format(Locale.ROOT, "%.1fx faster", ref / r.ms);
            Double vec = vector.get(r.key());
            String vsVec = vec == null || r.backend.equals("vector") ? "" : String.format(Locale.ROOT, "%.2fx the time", r.ms / vec);
            String vsTorch = "";
            String flops = "";
            String bw = "";
            if (r.benchmark.equals("trainingStep") || r.benchmark.equals("inference")) {
                boolean train = r.benchmark.equals("trainingStep");
                Double t = torch.get((train ? "forward+loss+backward" : "forward (no_grad, to softmax)") + "|" + r.batch);
                if (t != null && r.size.equals("480x640")) {
                    vsTorch = String.format(Locale.ROOT, "%.2fx the time", r.ms / t);
                }
            }
            double[] work = work(r.benchmark);
            if (work != null) {
                double pixels = (double) r.pixels() * r.batch;
                flops = work[0] == 0 ? "" : String.format(Locale.ROOT, "%.1f", 2 * work[0] * pixels / (r.ms * 1e6));
                bw = String.format(Locale.ROOT, "%.1f", work[1] * pixels / (r.ms * 1e6));
            }
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %.4g ± %.2g | %.1f | %s | %s | %s | %s | %s | %s |%n",
                    r.benchmark, r.backend, r.batch, r.size, r.ms, r.error, r.batch * 1000.0 / r.ms, vsRef, vsVec, vsTorch,
                    flops, bw, Double.isNaN(r.allocBytes) ? "" : human(r.allocBytes)));
        }
        sb.append('\n');
        if (torch.isEmpty()) {
            sb.append("PyTorch peer: skipped (no /usr/bin/python3 with torch on this machine).\n\n");
        } else {
            sb.append("PyTorch peer (../shared/peers/torch_example_net.py, 2 threads, OpenBLAS, tuned malloc), medians:\n\n");
            for (Map.Entry<String, Double> e : torch.entrySet()) {
                String[] k = e.getKey().split("\\|");
                sb.append(String.format(Locale.ROOT, "- batch %s, %s: %.2f ms%n", k[1], k[0], e.getValue()));
            }
            sb.append('\n');
        }
        sb.append("Machine limits for scale (../shared/design/TOOLCHAIN.md, measured on the project's reference "
                + "machine): about 180 GFLOP/s FP32 and 12 GB/s on 2 cores. The network is memory bound.\n");
        return sb.toString();
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static String human(double bytes) {
        if (bytes < 1024) {
            return String.format(Locale.ROOT, "%.0f B", bytes);
        }
        if (bytes < 1 << 20) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1 << 20));
    }

    static void chart(List<Row> rows, Path file) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Row r : rows) {
            data.addValue(r.ms, r.backend, r.benchmark + " " + r.size + " b" + r.batch);
        }
        JFreeChart chart = ChartFactory.createBarChart("dicenet: time per op (ms, log scale)", "", "ms", data,
                PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        LogAxis axis = new LogAxis("ms per op (lower is better)");
        double min = rows.stream().mapToDouble(r -> r.ms).filter(v -> v > 0).min().orElse(1e-3);
        double max = rows.stream().mapToDouble(r -> r.ms).max().orElse(1);
        axis.setRange(min / 2, max * 2);
        plot.setRangeAxis(axis);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 1100, Math.max(400, 28 * data.getColumnCount() + 150));
    }
}
