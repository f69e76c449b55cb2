package dev.dicenet.vector;

import static dev.dicenet.vector.VectorShape.F;
import static dev.dicenet.vector.VectorShape.LANES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** Elementwise maps and reductions over flat arrays, split into parallel chunks when large. */
final class VectorElementwise {
    /** Below this many elements an op runs on the calling thread. */
    private static final int PARALLEL_THRESHOLD = 1 << 16;
    private static final int CHUNKS = 16;

    private final Parallel parallel;
    private final Workspace workspace;

    VectorElementwise(Parallel parallel, Workspace workspace) {
        this.parallel = parallel;
        this.workspace = workspace;
    }

    /** A body over the index range [from, to). */
    interface RangeBody {
        void run(int from, int to);
    }

    /** Runs body over [0, n) in chunks whose bounds are multiples of the lane count. */
    void chunked(int n, RangeBody body) {
        if (n < PARALLEL_THRESHOLD) {
            body.run(0, n);
            return;
        }
        int chunks = CHUNKS;
        parallel.forEach(chunks, t -> body.run(bound(n, t, chunks), bound(n, t + 1, chunks)));
    }

    private static int bound(int n, int t, int chunks) {
        return t == chunks ? n : (int) ((long) n * t / chunks) / LANES * LANES;
    }

    void relu(float[] x, float[] y) {
        chunked(x.length, (from, to) -> {
            int i = from;
            for (; i + LANES <= to; i += LANES) {
                FloatVector.fromArray(F, x, i).max(0f).intoArray(y, i);
            }
            for (; i < to; i++) {
                y[i] = x[i] > 0 ? x[i] : 0f;
            }
        });
    }

    void reluBackward(float[] y, float[] dy, float[] dx) {
        chunked(y.length, (from, to) -> {
            int i = from;
            for (; i + LANES <= to; i += LANES) {
                FloatVector d = FloatVector.fromArray(F, dy, i);
                d.blend(0f, FloatVector.fromArray(F, y, i).compare(VectorOperators.LE, 0f)).intoArray(dx, i);
            }
            for (; i < to; i++) {
                dx[i] = y[i] > 0 ? dy[i] : 0f;
            }
        });
    }

    /** y[i] = x[i] * s[i % m] + o[i % m] (m = s.length, the per-observation size). */
    void affine(float[] x, float[] s, float[] o, float[] y) {
        int m = s.length;
        int n = x.length / m;
        parallel.forEach(n, obs -> {
            int base = obs * m;
            int i = 0;
            for (; i + LANES <= m; i += LANES) {
                FloatVector.fromArray(F, x, base + i).fma(FloatVector.fromArray(F, s, i), FloatVector.fromArray(F, o, i))
                        .intoArray(y, base + i);
            }
            for (; i < m; i++) {
                y[base + i] = x[base + i] * s[i] + o[i];
            }
        });
    }

    void affineBackward(float[] dy, float[] s, float[] dx) {
        int m = s.length;
        int n = dy.length / m;
        parallel.forEach(n, obs -> {
            int base = obs * m;
            int i = 0;
            for (; i + LANES <= m; i += LANES) {
                FloatVector.fromArray(F, dy, base + i).mul(FloatVector.fromArray(F, s, i)).intoArray(dx, base + i);
            }
            for (; i < m; i++) {
                dx[base + i] = dy[base + i] * s[i];
            }
        });
    }

    void add(float[] a, float[] b, float[] out) {
        chunked(a.length, (from, to) -> {
            int i = from;
            for (; i + LANES <= to; i += LANES) {
                FloatVector.fromArray(F, a, i).add(FloatVector.fromArray(F, b, i)).intoArray(out, i);
            }
            for (; i < to; i++) {
                out[i] = a[i] + b[i];
            }
        });
    }

    void mul(float[] a, float[] b, float[] out) {
        chunked(a.length, (from, to) -> {
            int i = from;
            for (; i + LANES <= to; i += LANES) {
                FloatVector.fromArray(F, a, i).mul(FloatVector.fromArray(F, b, i)).intoArray(out, i);
            }
            for (; i < to; i++) {
                out[i] = a[i] * b[i];
            }
        });
    }

    void axpy(float alpha, float[] x, float[] y) {
        chunked(x.length, (from, to) -> {
            int i = from;
            for (; i + LANES <= to; i += LANES) {
                FloatVector.fromArray(F, x, i).fma(FloatVector.broadcast(F, alpha), FloatVector.fromArray(F, y, i)).intoArray(y, i);
            }
            for (; i < to; i++) {
                y[i] += alpha * x[i];
            }
        });
    }

    void scale(float alpha, float[] x) {
        chunked(x.length, (from, to) -> {
            int i = from;
            for (; i + LANES <= to; i += LANES) {
                FloatVector.fromArray(F, x, i).mul(alpha).intoArray(x, i);
            }
            for (; i < to; i++) {
                x[i] *= alpha;
            }
        });
    }

    void fill(float[] x, float v) {
        chunked(x.length, (from, to) -> java.util.Arrays.fill(x, from, to, v));
    }

    void copy(float[] src, float[] dst) {
        chunked(src.length, (from, to) -> System.arraycopy(src, from, dst, from, to - from));
    }

    /** Sum of a[i] * (b == null ? 1 : b[i]): float vector sums per block of 4096, then double. */
    double dot(float[] a, float[] b) {
        int chunks = a.length < PARALLEL_THRESHOLD ? 1 : CHUNKS;
        double[] partial = workspace.partials(chunks, 1);
        int n = a.length;
        parallel.forEach(chunks, t -> {
            int from = chunks == 1 ? 0 : bound(n, t, chunks);
            int to = chunks == 1 ? n : bound(n, t + 1, chunks);
            double total = 0;
            float[] lanes = Workspace.buffer(3, LANES);
            for (int blk = from; blk < to; blk += 4096) {
                int end = Math.min(to, blk + 4096);
                FloatVector acc = FloatVector.zero(F);
                int i = blk;
                for (; i + LANES <= end; i += LANES) {
                    FloatVector x = FloatVector.fromArray(F, a, i);
                    acc = b == null ? acc.add(x) : x.fma(FloatVector.fromArray(F, b, i), acc);
                }
                acc.intoArray(lanes, 0);
                double s = VectorShape.sumLanes(lanes);
                for (; i < end; i++) {
                    s += b == null ? a[i] : (double) a[i] * b[i];
                }
                total += s;
            }
            partial[t] = total;
        });
        double s = 0;
        for (int t = 0; t < chunks; t++) {
            s += partial[t];
        }
        return s;
    }
}
