package dev.dicenet.vector;

import static dev.dicenet.vector.VectorShape.F;
import static dev.dicenet.vector.VectorShape.LANES;

import dev.dicenet.tensor.ConvGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * The three convolution loops on the Vector API, in the convolution's own orientation (a transposed
 * convolution swaps forward and backward-data):
 * <ul>
 *   <li>forward: per output row, the receptive fields are gathered into a small row buffer
 *       col[k][ow] (k over channel and kernel taps; "im2col" one row at a time, so it stays in
 *       cache), then y[f][ow] = bias[f] + sum_k w[f][k] col[k][ow] as a register-blocked product;</li>
 *   <li>backward weights: the same row buffer dotted with dy, per fixed chunk of rows into double
 *       partials that are summed in chunk order (deterministic for any thread count);</li>
 *   <li>backward data: per (image, input channel), dcol[tap][ow] = sum_f w[f][c][tap] dy[f][ow],
 *       scattered into dx ("col2im"); tasks own disjoint planes of dx, so there are no races.</li>
 * </ul>
 */
final class VectorConvolution {
    /** Reduction chunks of backward-weights: fixed, so results do not depend on the thread count. */
    static final int CHUNKS = 16;

    private final Parallel parallel;
    private final Workspace workspace;

    VectorConvolution(Parallel parallel, Workspace workspace) {
        this.parallel = parallel;
        this.workspace = workspace;
    }

    // ---- forward -------------------------------------------------------------------------------

    void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        int rows = g.n * g.outD * g.outH;
        int k = g.c * g.kernelVolume();
        int stride = VectorShape.padded(g.outW);
        int tasks = Math.min(rows, parallel.threads() * 8);
        parallel.forEach(tasks, t -> {
            float[] col = Workspace.buffer(0, k * stride);
            for (int row = rows * t / tasks; row < rows * (t + 1) / tasks; row++) {
                int n = row / (g.outD * g.outH);
                int od = row / g.outH % g.outD;
                int oh = row % g.outH;
                buildRow(g, x, n, od, oh, col, stride);
                multiplyRow(g, w, bias, col, k, stride, y, n, od, oh);
            }
        });
    }

    /** col[k][ow] = x at the input position tap k of output (od, oh, ow) reads, 0 on padding. */
    static void buildRow(ConvGeometry g, float[] x, int n, int od, int oh, float[] col, int stride) {
        int k = 0;
        for (int c = 0; c < g.c; c++) {
            for (int a = 0; a < g.kD; a++) {
                int id = od * g.strideD - g.padD + a * g.dilD;
                for (int b = 0; b < g.kH; b++) {
                    int ih = oh * g.strideH - g.padH + b * g.dilH;
                    boolean rowInside = id >= 0 && id < g.inD && ih >= 0 && ih < g.inH;
                    int rowOff = (((n * g.c + c) * g.inD + id) * g.inH + ih) * g.inW;
                    for (int e = 0; e < g.kW; e++, k++) {
                        int base = k * stride;
                        if (!rowInside) {
                            java.util.Arrays.fill(col, base, base + stride, 0f);
                            continue;
                        }
                        int iw0 = e * g.dilW - g.padW; // iw = ow * strideW + iw0
                        if (g.strideW == 1) {
                            int lo = Math.min(g.outW, Math.max(0, -iw0));
                            int hi = Math.max(lo, Math.min(g.outW, g.inW - iw0));
                            java.util.Arrays.fill(col, base, base + lo, 0f);
                            if (hi > lo) {
                                System.arraycopy(x, rowOff + iw0 + lo, col, base + lo, hi - lo);
                            }
                            java.util.Arrays.fill(col, base + hi, base + stride, 0f);
                        } else {
                            for (int ow = 0; ow < g.outW; ow++) {
                                int iw = ow * g.strideW + iw0;
                                col[base + ow] = iw >= 0 && iw < g.inW ? x[rowOff + iw] : 0f;
                            }
                            java.util.Arrays.fill(col, base + g.outW, base + stride, 0f);
                        }
                    }
                }
            }
        }
    }

    /** y[n][f][od][oh][:] = bias[f] + w[f][:] . col, four filters at a time. */
    private static void multiplyRow(ConvGeometry g, float[] w, float[] bias, float[] col, int kk, int stride,
                                    float[] y, int n, int od, int oh) {
        int plane = g.outD * g.outH * g.outW;
        int rowOff = (n * g.f * g.outD + od) * g.outH * g.outW + oh * g.outW;
        for (int ow = 0; ow < g.outW; ow += LANES) {
            VectorMask<Float> m = ow + LANES <= g.outW ? null : F.indexInRange(ow, g.outW);
            int f = 0;
            for (; f + 4 <= g.f; f += 4) {
                FloatVector a0 = FloatVector.broadcast(F, bias == null ? 0f : bias[f]);
                FloatVector a1 = FloatVector.broadcast(F, bias == null ? 0f : bias[f + 1]);
                FloatVector a2 = FloatVector.broadcast(F, bias == null ? 0f : bias[f + 2]);
                FloatVector a3 = FloatVector.broadcast(F, bias == null ? 0f : bias[f + 3]);
                int w0 = f * kk;
                for (int k = 0; k < kk; k++) {
                    FloatVector v = FloatVector.fromArray(F, col, k * stride + ow);
                    a0 = v.fma(FloatVector.broadcast(F, w[w0 + k]), a0);
                    a1 = v.fma(FloatVector.broadcast(F, w[w0 + kk + k]), a1);
                    a2 = v.fma(FloatVector.broadcast(F, w[w0 + 2 * kk + k]), a2);
                    a3 = v.fma(FloatVector.broadcast(F, w[w0 + 3 * kk + k]), a3);
                }
                int o = rowOff + f * plane + ow;
                store(a0, y, o, m);
                store(a1, y, o + plane, m);
                store(a2, y, o + 2 * plane, m);
                store(a3, y, o + 3 * plane, m);
            }
            for (; f < g.f; f++) {
                FloatVector a0 = FloatVector.broadcast(F, bias == null ? 0f : bias[f]);
                for (int k = 0; k < kk; k++) {
                    a0 = FloatVector.fromArray(F, col, k * stride + ow).fma(FloatVector.broadcast(F, w[f * kk + k]), a0);
                }
                store(a0, y, rowOff + f * plane + ow, m);
            }
        }
    }

    private static void store(FloatVector v, float[] a, int offset, VectorMask<Float> m) {
        if (m == null) {
            v.intoArray(a, offset);
        } else {
            v.intoArray(a, offset, m);
        }
    }

    // ---- backward weights ----------------------------------------------------------------------

    void backwardWeights(ConvGeometry g, float[] dy, float[] x, float[] dw) {
        int rows = g.n * g.outD * g.outH;
        int kk = g.c * g.kernelVolume();
        int fk = g.f * kk;
        int stride = VectorShape.padded(g.outW);
        int chunks = Math.min(CHUNKS, rows);
        double[] partial = workspace.partials(chunks, fk);
        int plane = g.outD * g.outH * g.outW;
        parallel.forEach(chunks, t -> {
            float[] col = Workspace.buffer(0, kk * stride);
            float[] sums = Workspace.buffer(1, fk);
            java.util.Arrays.fill(sums, 0, fk, 0f);
            int base = t * fk;
            for (int row = rows * t / chunks; row < rows * (t + 1) / chunks; row++) {
                int n = row / (g.outD * g.outH);
                int od = row / g.outH % g.outD;
                int oh = row % g.outH;
                buildRow(g, x, n, od, oh, col, stride);
                int rowOff = (n * g.f * g.outD + od) * g.outH * g.outW + oh * g.outW;
                for (int f = 0; f < g.f; f++) {
                    int dyOff = rowOff + f * plane;
                    int k = 0;
                    for (; k + 4 <= kk; k += 4) {
                        dot4(dy, dyOff, g.outW, col, k * stride, stride, sums, f * kk + k);
                    }
                    for (; k < kk; k++) {
                        sums[f * kk + k] += dot(dy, dyOff, col, k * stride, g.outW);
                    }
                }
                if ((row + 1) % 8 == 0) { // move float row sums into double every few rows
                    flush(sums, partial, base, fk);
                }
            }
            flush(sums, partial, base, fk);
        });
        for (int i = 0; i < fk; i++) {
            double s = 0;
            for (int t = 0; t < chunks; t++) {
                s += partial[t * fk + i];
            }
            dw[i] = (float) s;
        }
    }

    private static void flush(float[] sums, double[] partial, int base, int n) {
        for (int i = 0; i < n; i++) {
            partial[base + i] += sums[i];
            sums[i] = 0f;
        }
    }

    /** sums[s..s+3] += dy[dyOff..+n] . col rows c0, c0+stride, c0+2 stride, c0+3 stride. */
    private static void dot4(float[] dy, int dyOff, int n, float[] col, int c0, int stride, float[] sums, int s) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        int i = 0;
        for (; i + LANES <= n; i += LANES) {
            FloatVector d = FloatVector.fromArray(F, dy, dyOff + i);
            a0 = d.fma(FloatVector.fromArray(F, col, c0 + i), a0);
            a1 = d.fma(FloatVector.fromArray(F, col, c0 + stride + i), a1);
            a2 = d.fma(FloatVector.fromArray(F, col, c0 + 2 * stride + i), a2);
            a3 = d.fma(FloatVector.fromArray(F, col, c0 + 3 * stride + i), a3);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector d = FloatVector.fromArray(F, dy, dyOff + i, m);
            a0 = d.fma(FloatVector.fromArray(F, col, c0 + i), a0); // col is zero past n
            a1 = d.fma(FloatVector.fromArray(F, col, c0 + stride + i), a1);
            a2 = d.fma(FloatVector.fromArray(F, col, c0 + 2 * stride + i), a2);
            a3 = d.fma(FloatVector.fromArray(F, col, c0 + 3 * stride + i), a3);
        }
        sums[s] += a0.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        sums[s + 1] += a1.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        sums[s + 2] += a2.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        sums[s + 3] += a3.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    private static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i + LANES <= n; i += LANES) {
            acc = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            acc = FloatVector.fromArray(F, a, aOff + i, m).fma(FloatVector.fromArray(F, b, bOff + i, m), acc);
        }
        return acc.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    // ---- backward data -------------------------------------------------------------------------

    /** dx = bias[c] (or 0) + the adjoint of forward applied to dy. */
    void backwardData(ConvGeometry g, float[] dy, float[] w, float[] bias, float[] dx) {
        int taps = g.kernelVolume();
        int stride = VectorShape.padded(g.outW);
        int inPlane = g.inD * g.inH * g.inW;
        parallel.forEach(g.n * g.c, task -> {
            int n = task / g.c;
            int c = task % g.c;
            int planeOff = (n * g.c + c) * inPlane;
            java.util.Arrays.fill(dx, planeOff, planeOff + inPlane, bias == null ? 0f : bias[c]);
            float[] dcol = Workspace.buffer(2, 4 * stride);
            for (int od = 0; od < g.outD; od++) {
                for (int oh = 0; oh < g.outH; oh++) {
                    for (int t0 = 0; t0 < taps; t0 += 4) {
                        int count = Math.min(4, taps - t0);
                        tapsRow(g, dy, w, n, c, od, oh, t0, count, dcol, stride);
                        for (int j = 0; j < count; j++) {
                            scatter(g, dcol, j * stride, dx, planeOff, od, oh, t0 + j);
                        }
                    }
                }
            }
        });
    }

    /** dcol[j][ow] = sum_f w[f][c][t0 + j] dy[n][f][od][oh][ow] for j < count. */
    private static void tapsRow(ConvGeometry g, float[] dy, float[] w, int n, int c, int od, int oh, int t0, int count,
                                float[] dcol, int stride) {
        int taps = g.kernelVolume();
        int plane = g.outD * g.outH * g.outW;
        int rowOff = (n * g.f * g.outD + od) * g.outH * g.outW + oh * g.outW;
        int wStride = g.c * taps; // between filters
        int wBase = c * taps + t0;
        for (int ow = 0; ow < g.outW; ow += LANES) {
            VectorMask<Float> m = ow + LANES <= g.outW ? F.maskAll(true) : F.indexInRange(ow, g.outW);
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F);
            FloatVector a2 = FloatVector.zero(F);
            FloatVector a3 = FloatVector.zero(F);
            for (int f = 0; f < g.f; f++) {
                FloatVector d = FloatVector.fromArray(F, dy, rowOff + f * plane + ow, m);
                int wo = f * wStride + wBase;
                a0 = d.fma(FloatVector.broadcast(F, w[wo]), a0);
                if (count > 1) {
                    a1 = d.fma(FloatVector.broadcast(F, w[wo + 1]), a1);
                }
                if (count > 2) {
                    a2 = d.fma(FloatVector.broadcast(F, w[wo + 2]), a2);
                }
                if (count > 3) {
                    a3 = d.fma(FloatVector.broadcast(F, w[wo + 3]), a3);
                }
            }
            a0.intoArray(dcol, ow);
            a1.intoArray(dcol, stride + ow);
            a2.intoArray(dcol, 2 * stride + ow);
            a3.intoArray(dcol, 3 * stride + ow);
        }
    }

    /** dx[n][c][id][ih][iw] += dcol[ow] where tap reads iw = ow * strideW - padW + e * dilW. */
    private static void scatter(ConvGeometry g, float[] dcol, int from, float[] dx, int planeOff, int od, int oh, int tap) {
        int a = tap / (g.kH * g.kW);
        int b = tap / g.kW % g.kH;
        int e = tap % g.kW;
        int id = od * g.strideD - g.padD + a * g.dilD;
        int ih = oh * g.strideH - g.padH + b * g.dilH;
        if (id < 0 || id >= g.inD || ih < 0 || ih >= g.inH) {
            return;
        }
        int rowOff = planeOff + (id * g.inH + ih) * g.inW;
        int iw0 = e * g.dilW - g.padW;
        if (g.strideW == 1) {
            int lo = Math.max(0, -iw0);
            int hi = Math.min(g.outW, g.inW - iw0);
            int ow = lo;
            for (; ow + LANES <= hi; ow += LANES) {
                FloatVector.fromArray(F, dx, rowOff + iw0 + ow).add(FloatVector.fromArray(F, dcol, from + ow))
                        .intoArray(dx, rowOff + iw0 + ow);
            }
            for (; ow < hi; ow++) {
                dx[rowOff + iw0 + ow] += dcol[from + ow];
            }
        } else {
            for (int ow = 0; ow < g.outW; ow++) {
                int iw = ow * g.strideW + iw0;
                if (iw >= 0 && iw < g.inW) {
                    dx[rowOff + iw] += dcol[from + ow];
                }
            }
        }
    }
}
