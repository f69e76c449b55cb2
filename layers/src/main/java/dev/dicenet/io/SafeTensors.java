package dev.dicenet.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors layout: an 8-byte little-endian header length N, N bytes of JSON header (padded
 * with spaces to a multiple of 8), then the raw little-endian tensor data. The header maps each
 * tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets into the data) and may
 * hold "__metadata__", a map of strings. Only F32 tensors are read or written.
 *
 * <p>Reading trusts nothing: the header length must fit in the file and under
 * {@value #MAX_HEADER_BYTES} bytes, every tensor's offsets must lie inside the data, match its
 * shape's byte size and not overlap another's, so a declared size never allocates more than the
 * file holds.
 */
public final class SafeTensors {
    static final long MAX_HEADER_BYTES = 64L << 20;

    private SafeTensors() {
    }

    /** A named float tensor of the file: its shape and values. */
    public static final class Entry {
        public final int[] shape;
        public final float[] values;

        public Entry(int[] shape, float[] values) {
            this.shape = shape;
            this.values = values;
        }
    }

    /** The contents of a file: metadata and tensors, in file order. */
    public static final class Contents {
        public final Map<String, String> metadata;
        public final Map<String, Entry> tensors;

        public Contents(Map<String, String> metadata, Map<String, Entry> tensors) {
            this.metadata = metadata;
            this.tensors = tensors;
        }
    }

    public static void write(OutputStream out, Map<String, String> metadata, Map<String, Entry> tensors)
            throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", new LinkedHashMap<>(metadata));
        long offset = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            long bytes = 4L * e.getValue().values.length;
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("dtype", "F32");
            t.put("shape", e.getValue().shape);
            t.put("data_offsets", List.of(offset, offset + bytes));
            header.put(e.getKey(), t);
            offset += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        out.write(head.array());
        for (Entry e : tensors.values()) {
            ByteBuffer b = ByteBuffer.allocate(4 * e.values.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(e.values);
            out.write(b.array());
        }
    }

    public static Contents read(Path file) throws ModelFormatException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(file, "file has " + size + " bytes; a model file starts with an 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, file);
            long headerLength = lenBuf.flip().getLong();
            if (headerLength < 2 || headerLength > size - 8 || headerLength > MAX_HEADER_BYTES) {
                throw bad(file, "declared header length " + Long.toUnsignedString(headerLength) + " does not fit: the file has "
                        + (size - 8) + " bytes after the length field (limit " + MAX_HEADER_BYTES + ")");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLength);
            readFully(ch, headerBuf, 8, file);
            Object parsed;
            try {
                parsed = Json.parse(new String(headerBuf.array(), StandardCharsets.UTF_8).strip());
            } catch (Json.JsonException e) {
                throw bad(file, "header is not valid JSON: " + e.getMessage());
            }
            if (!(parsed instanceof Map)) {
                throw bad(file, "header must be a JSON object");
            }
            long dataStart = 8 + headerLength;
            return contents(file, ch, (Map<?, ?>) parsed, dataStart, size - dataStart);
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFormatException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static Contents contents(Path file, FileChannel ch, Map<?, ?> header, long dataStart, long dataLength)
            throws IOException {
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Object[]> spans = new ArrayList<>(); // name, shape, begin, end
        for (Map.Entry<?, ?> e : header.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map)) {
                    throw bad(file, "__metadata__ must be an object of strings");
                }
                for (Map.Entry<?, ?> m : ((Map<?, ?>) e.getValue()).entrySet()) {
                    if (!(m.getValue() instanceof String)) {
                        throw bad(file, "__metadata__ value of '" + m.getKey() + "' must be a string");
                    }
                    metadata.put((String) m.getKey(), (String) m.getValue());
                }
                continue;
            }
            if (!(e.getValue() instanceof Map)) {
                throw bad(file, "tensor '" + name + "' must be described by an object");
            }
            Map<?, ?> t = (Map<?, ?>) e.getValue();
            if (!"F32".equals(t.get("dtype"))) {
                throw bad(file, "tensor '" + name + "' has dtype " + t.get("dtype") + "; only F32 is supported");
            }
            int[] shape = shape(file, name, t.get("shape"));
            long elements = 1;
            for (int d : shape) {
                elements *= d;
                if (elements > Integer.MAX_VALUE - 8) {
                    throw bad(file, "tensor '" + name + "' declares more than 2^31 elements");
                }
            }
            long[] off = offsets(file, name, t.get("data_offsets"));
            if (off[0] < 0 || off[1] < off[0] || off[1] > dataLength) {
                throw bad(file, "tensor '" + name + "' has data_offsets [" + off[0] + ", " + off[1]
                        + "] outside the " + dataLength + " data bytes");
            }
            if (off[1] - off[0] != 4 * elements) {
                throw bad(file, "tensor '" + name + "' has " + (off[1] - off[0]) + " data bytes but its shape "
                        + java.util.Arrays.toString(shape) + " needs " + 4 * elements);
            }
            spans.add(new Object[] {name, shape, off[0], off[1]});
        }
        List<Object[]> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingLong(s -> (Long) s[2]));
        for (int i = 1; i < sorted.size(); i++) {
            if ((Long) sorted.get(i)[2] < (Long) sorted.get(i - 1)[3]) {
                throw bad(file, "tensors '" + sorted.get(i - 1)[0] + "' and '" + sorted.get(i)[0] + "' overlap");
            }
        }
        Map<String, Entry> tensors = new LinkedHashMap<>();
        for (Object[] s : spans) {
            long begin = (Long) s[2];
            long end = (Long) s[3];
            ByteBuffer buf = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, buf, dataStart + begin, file);
            float[] values = new float[(int) ((end - begin) / 4)];
            buf.flip().asFloatBuffer().get(values);
            tensors.put((String) s[0], new Entry((int[]) s[1], values));
        }
        return new Contents(metadata, tensors);
    }

    private static int[] shape(Path file, String name, Object v) throws ModelFormatException {
        if (!(v instanceof List) || ((List<?>) v).isEmpty() || ((List<?>) v).size() > 8) {
            throw bad(file, "tensor '" + name + "' needs a shape of 1 to 8 dimensions, got " + v);
        }
        List<?> l = (List<?>) v;
        int[] s = new int[l.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = integer(file, "shape of tensor '" + name + "'", l.get(i), 1, Integer.MAX_VALUE);
        }
        return s;
    }

    private static long[] offsets(Path file, String name, Object v) throws ModelFormatException {
        if (!(v instanceof List) || ((List<?>) v).size() != 2) {
            throw bad(file, "tensor '" + name + "' needs data_offsets [begin, end], got " + v);
        }
        List<?> l = (List<?>) v;
        return new long[] {longValue(file, name, l.get(0)), longValue(file, name, l.get(1))};
    }

    private static long longValue(Path file, String name, Object v) throws ModelFormatException {
        if (!(v instanceof Double) || (Double) v != Math.rint((Double) v) || Math.abs((Double) v) > 1L << 53) {
            throw bad(file, "tensor '" + name + "' has a data offset that is not an integer: " + v);
        }
        return ((Double) v).longValue();
    }

    /** An integer in [min, max] from a JSON number, or a ModelFormatException naming the file. */
    static int integer(Path file, String what, Object v, int min, int max) throws ModelFormatException {
        if (!(v instanceof Double) || (Double) v != Math.rint((Double) v) || (Double) v < min || (Double) v > max) {
            throw bad(file, what + " must be an integer in [" + min + ", " + max + "], got " + v);
        }
        return ((Double) v).intValue();
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, p);
            if (n < 0) {
                throw bad(file, "file ends early");
            }
            p += n;
        }
    }

    static ModelFormatException bad(Path file, String message) {
        return new ModelFormatException(file + ": " + message);
    }
}
