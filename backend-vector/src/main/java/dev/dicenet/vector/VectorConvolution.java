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
        forward(g, x, w, bias, y, false, null, null);
    }

    /**
     * y = conv(x * scale[c] + offset[c], w) + bias, rectified when {@code relu} (the fused epilogue);
     * scale and offset (per channel) may be null: no input map.
     */
    void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y, boolean relu, float[] scale,
                 float[] offset) {
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
                buildRow(g, x, n, od, oh, col, stride, scale, offset);
                multiplyRow(g, w, bias, col, k, stride, y, n, od, oh, relu);
            }
        });
    }

    /**
     * col[k][ow] = x at the input position tap k of output (od, oh, ow) reads (mapped by the channel's
     * scale and offset when given), 0 on padding.
     */
    static void buildRow(ConvGeometry g, float[] x, int n, int od, int oh, float[] col, int stride, float[] scale,
                         float[] offset) {
        int k = 0;
        for (int c = 0; c < g.c; c++) {
            float sc = scale == null ? 1f : scale[c];
            float oc = scale == null ? 0f : offset[c];
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
                            if (hi > lo && scale == null) {
                                System.arraycopy(x, rowOff + iw0 + lo, col, base + lo, hi - lo);
                            } else if (hi > lo) {
                                affineCopy(x, rowOff + iw0 + lo, sc, oc, col, base + lo, hi - lo);
                            }
                            java.util.Arrays.fill(col, base + hi, base + stride, 0f);
                        } else {
                            for (int ow = 0; ow < g.outW; ow++) {
                                int iw = ow * g.strideW + iw0;
                                col[base + ow] = iw < 0 || iw >= g.inW ? 0f : x[rowOff + iw] * sc + oc;
                            }
                            java.util.Arrays.fill(col, base + g.outW, base + stride, 0f);
                        }
                    }
                }
            }
        }
    }

    /** dst[d..d+len) = x[from..] * scale + offset. */
    private static void affineCopy(float[] x, int from, float scale, float offset, float[] dst, int d, int len) {
        FloatVector s = FloatVector.broadcast(F, scale);
        FloatVector o = FloatVector.broadcast(F, offset);
        int i = 0;
        for (; i + LANES <= len; i += LANES) {
            FloatVector.fromArray(F, x, from + i).fma(s, o).intoArray(dst, d + i);
        }
        for (; i < len; i++) {
            dst[d + i] = x[from + i] * scale + offset;
        }
    }

    /**
     * y[n][f][od][oh][:] = bias[f] + w[f][:] . col. Register-blocked: 4 filters x 3 vectors of
     * pixels = 12 accumulators (fits AVX2's 16 registers), so each k costs 3 loads and 4 broadcasts
     * for 12 FMAs; the remaining pixels go one vector at a time, masked at the row's end. Each block
     * shape is its own small method so that C2 inlines (and so intrinsifies) every vector call.
     */
    private static void multiplyRow(ConvGeometry g, float[] w, float[] bias, float[] col, int kk, int stride,
                                    float[] y, int n, int od, int oh, boolean relu) {
        int plane = g.outD * g.outH * g.outW;
        int rowOff = (n * g.f * g.outD + od) * g.outH * g.outW + oh * g.outW;
        // ReLU as max(v, floor): no branch on vector values (C2 would box vectors merged by a branch)
        float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
        int groups = g.f / 4;
        int wide = g.outW / LANES * LANES;
        blocks4(w, kk, col, stride, wide, groups, bias, y, rowOff, plane, floor);
        for (int f = 0; f < g.f; f++) {
            for (int ow = f < 4 * groups ? wide : 0; ow < g.outW; ow += LANES) {
                block1(w, f * kk, kk, col, stride, ow, g.outW, bias, f, y, rowOff + f * plane, floor);
            }
        }
    }

    /**
     * Filters 0..4*groups-1 over the full vectors of pixels: 4 accumulators, each k costs one load
     * and 4 broadcasts. (Larger register blocks measured faster in isolation but made C2 box vectors
     * inside this kernel, allocating megabytes per call.)
     */
    private static void blocks4(float[] w, int kk, float[] col, int stride, int wide, int groups, float[] bias,
                                float[] y, int rowOff, int plane, float floor) {
        for (int fg = 0; fg < groups; fg++) {
            int f = 4 * fg;
            int w0 = f * kk;
            float c0 = bias == null ? 0f : bias[f];
            float c1 = bias == null ? 0f : bias[f + 1];
            float c2 = bias == null ? 0f : bias[f + 2];
            float c3 = bias == null ? 0f : bias[f + 3];
            for (int ow = 0; ow < wide; ow += LANES) {
                FloatVector a0 = FloatVector.zero(F);
                FloatVector a1 = FloatVector.zero(F);
                FloatVector a2 = FloatVector.zero(F);
                FloatVector a3 = FloatVector.zero(F);
                for (int k = 0; k < kk; k++) {
                    FloatVector v = FloatVector.fromArray(F, col, k * stride + ow);
                    a0 = v.fma(FloatVector.broadcast(F, w[w0 + k]), a0);
                    a1 = v.fma(FloatVector.broadcast(F, w[w0 + kk + k]), a1);
                    a2 = v.fma(FloatVector.broadcast(F, w[w0 + 2 * kk + k]), a2);
                    a3 = v.fma(FloatVector.broadcast(F, w[w0 + 3 * kk + k]), a3);
                }
                int p = rowOff + f * plane + ow;
                a0.add(c0).max(floor).intoArray(y, p);
                a1.add(c1).max(floor).intoArray(y, p + plane);
                a2.add(c2).max(floor).intoArray(y, p + 2 * plane);
                a3.add(c3).max(floor).intoArray(y, p + 3 * plane);
            }
        }
    }

    /** One filter, one (possibly partial) vector of pixels. */
    private static void block1(float[] w, int w0, int kk, float[] col, int stride, int ow, int width, float[] bias,
                               int f, float[] y, int o, float floor) {
        FloatVector a = FloatVector.broadcast(F, bias == null ? 0f : bias[f]);
        for (int k = 0; k < kk; k++) {
            a = FloatVector.fromArray(F, col, k * stride + ow).fma(FloatVector.broadcast(F, w[w0 + k]), a);
        }
        FloatVector r = a.max(floor);
        if (ow + LANES <= width) {
            r.intoArray(y, o + ow);
        } else {
            r.intoArray(y, o + ow, F.indexInRange(ow, width));
        }
    }

    // ---- backward weights ----------------------------------------------------------------------

    void backwardWeights(ConvGeometry g, float[] dy, float[] x, float[] dw) {
        backwardWeights(g, dy, x, dw, null, null);
    }

    /** dw for the input x * scale + offset (scale and offset may be null). */
    void backwardWeights(ConvGeometry g, float[] dy, float[] x, float[] dw, float[] scale, float[] offset) {
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
            float[] lanes = Workspace.buffer(3, LANES);
            java.util.Arrays.fill(sums, 0, fk, 0f);
            int base = t * fk;
            for (int row = rows * t / chunks; row < rows * (t + 1) / chunks; row++) {
                int n = row / (g.outD * g.outH);
                int od = row / g.outH % g.outD;
                int oh = row % g.outH;
                buildRow(g, x, n, od, oh, col, stride, scale, offset);
                int rowOff = (n * g.f * g.outD + od) * g.outH * g.outW + oh * g.outW;
                for (int f = 0; f < g.f; f++) {
                    int dyOff = rowOff + f * plane;
                    int k = 0;
                    for (; k + 4 <= kk; k += 4) {
                        dot4(dy, dyOff, g.outW, col, k * stride, stride, sums, f * kk + k, lanes);
                    }
                    for (; k < kk; k++) {
                        sums[f * kk + k] += dot(dy, dyOff, col, k * stride, g.outW, lanes);
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
    private static void dot4(float[] dy, int dyOff, int n, float[] col, int c0, int stride, float[] sums, int s,
                             float[] lanes) {
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
        a0.intoArray(lanes, 0);
        sums[s] += (float) VectorShape.sumLanes(lanes);
        a1.intoArray(lanes, 0);
        sums[s + 1] += (float) VectorShape.sumLanes(lanes);
        a2.intoArray(lanes, 0);
        sums[s + 2] += (float) VectorShape.sumLanes(lanes);
        a3.intoArray(lanes, 0);
        sums[s + 3] += (float) VectorShape.sumLanes(lanes);
    }

    private static float dot(float[] a, int aOff, float[] b, int bOff, int n, float[] lanes) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i + LANES <= n; i += LANES) {
            acc = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc);
        }
        if (i < n) {
            VectorMask<Float> m = F.indexInRange(i, n);
            acc = FloatVector.fromArray(F, a, aOff + i, m).fma(FloatVector.fromArray(F, b, bOff + i, m), acc);
        }
        acc.intoArray(lanes, 0);
        return (float) VectorShape.sumLanes(lanes);
    }

    // ---- backward data -------------------------------------------------------------------------

    /** dx = bias[c] (or 0) + the adjoint of forward applied to dy. */
    void backwardData(ConvGeometry g, float[] dy, float[] w, float[] bias, float[] dx) {
        int taps = g.kernelVolume();
        int stride = VectorShape.padded(g.outW) + LANES; // room for the second vector of tapsRow
        int inPlane = g.inD * g.inH * g.inW;
        // Kernel == stride, no dilation: every element of dx receives exactly one tap, so results are
        // written (with the bias) instead of accumulated into a zeroed plane: one pass over dx fewer.
        boolean direct = g.kD == g.strideD && g.kH == g.strideH && g.kW == g.strideW
                && g.dilD == 1 && g.dilH == 1 && g.dilW == 1
                && g.outD * g.strideD - g.padD >= g.inD && g.outH * g.strideH - g.padH >= g.inH
                && g.outW * g.strideW - g.padW >= g.inW; // and the taps reach every element
        boolean zip = direct && g.kW == 2 && g.padW == 0 && LANES % 2 == 0;
        parallel.forEach(g.n * g.c, task -> {
            int n = task / g.c;
            int c = task % g.c;
            int planeOff = (n * g.c + c) * inPlane;
            float b = bias == null ? 0f : bias[c];
            if (!direct) {
                java.util.Arrays.fill(dx, planeOff, planeOff + inPlane, b);
            }
            float[] dcol = Workspace.buffer(2, 4 * stride);
            for (int od = 0; od < g.outD; od++) {
                for (int oh = 0; oh < g.outH; oh++) {
                    for (int t0 = 0; t0 < taps; t0 += 4) {
                        int count = Math.min(4, taps - t0);
                        tapsRow(g, dy, w, n, c, od, oh, t0, count, dcol, stride);
                        for (int j = 0; j < count; j++) {
                            if (zip && j + 1 < count && (t0 + j) % 2 == 0) { // taps e = 0, 1 of one row
                                interleave(g, dcol, j * stride, (j + 1) * stride, dx, planeOff, od, oh, t0 + j, b);
                                j++;
                            } else {
                                scatter(g, dcol, j * stride, dx, planeOff, od, oh, t0 + j, direct, b);
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * dcol[j][ow] = sum_f w[f][c][t0 + j] dy[n][f][od][oh][ow] for j < count (up to 4 taps), two
     * vectors of pixels per pass: each filter costs 2 loads and 4 broadcasts for 8 FMAs.
     */
    private static void tapsRow(ConvGeometry g, float[] dy, float[] w, int n, int c, int od, int oh, int t0, int count,
                                float[] dcol, int stride) {
        int taps = g.kernelVolume();
        int plane = g.outD * g.outH * g.outW;
        int rowOff = (n * g.f * g.outD + od) * g.outH * g.outW + oh * g.outW;
        int wStride = g.c * taps; // between filters
        int wBase = c * taps + t0;
        for (int ow = 0; ow < g.outW; ow += 2 * LANES) {
            VectorMask<Float> m0 = F.indexInRange(ow, g.outW);
            VectorMask<Float> m1 = F.indexInRange(ow + LANES, g.outW);
            FloatVector a0 = FloatVector.zero(F), b0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F), b1 = FloatVector.zero(F);
            FloatVector a2 = FloatVector.zero(F), b2 = FloatVector.zero(F);
            FloatVector a3 = FloatVector.zero(F), b3 = FloatVector.zero(F);
            for (int f = 0; f < g.f; f++) {
                int o = rowOff + f * plane + ow;
                FloatVector d0 = FloatVector.fromArray(F, dy, o, m0);
                FloatVector d1 = FloatVector.fromArray(F, dy, o + LANES, m1);
                int wo = f * wStride + wBase;
                // missing taps (count < 4) get weight 0: no branch on vector values
                FloatVector w0 = FloatVector.broadcast(F, w[wo]);
                FloatVector w1 = FloatVector.broadcast(F, count > 1 ? w[wo + 1] : 0f);
                FloatVector w2 = FloatVector.broadcast(F, count > 2 ? w[wo + 2] : 0f);
                FloatVector w3 = FloatVector.broadcast(F, count > 3 ? w[wo + 3] : 0f);
                a0 = d0.fma(w0, a0);
                b0 = d1.fma(w0, b0);
                a1 = d0.fma(w1, a1);
                b1 = d1.fma(w1, b1);
                a2 = d0.fma(w2, a2);
                b2 = d1.fma(w2, b2);
                a3 = d0.fma(w3, a3);
                b3 = d1.fma(w3, b3);
            }
            a0.intoArray(dcol, ow);
            b0.intoArray(dcol, ow + LANES);
            a1.intoArray(dcol, stride + ow);
            b1.intoArray(dcol, stride + ow + LANES);
            a2.intoArray(dcol, 2 * stride + ow);
            b2.intoArray(dcol, 2 * stride + ow + LANES);
            a3.intoArray(dcol, 3 * stride + ow);
            b3.intoArray(dcol, 3 * stride + ow + LANES);
        }
    }

    /**
     * Kernel width 2 at stride 2 without padding: taps e = 0 and e = 1 of one row land on the even and
     * odd elements of one dx row, written as interleaved vectors plus the bias.
     */
    private static void interleave(ConvGeometry g, float[] dcol, int even, int odd, float[] dx, int planeOff, int od,
                                   int oh, int tap, float bias) {
        int a = tap / (g.kH * g.kW);
        int b = tap / g.kW % g.kH;
        int id = od * g.strideD - g.padD + a * g.dilD;
        int ih = oh * g.strideH - g.padH + b * g.dilH;
        if (id < 0 || id >= g.inD || ih < 0 || ih >= g.inH) {
            return;
        }
        int rowOff = planeOff + (id * g.inH + ih) * g.inW;
        int limit = Math.min(g.outW, g.inW / 2); // iw = 2 ow + e < inW
        int ow = 0;
        for (; ow + LANES <= limit; ow += LANES) {
            FloatVector e0 = FloatVector.fromArray(F, dcol, even + ow).add(bias);
            FloatVector e1 = FloatVector.fromArray(F, dcol, odd + ow).add(bias);
            e0.rearrange(VectorShape.DUP_LO).blend(e1.rearrange(VectorShape.DUP_LO), VectorShape.ODD)
                    .intoArray(dx, rowOff + 2 * ow);
            e0.rearrange(VectorShape.DUP_HI).blend(e1.rearrange(VectorShape.DUP_HI), VectorShape.ODD)
                    .intoArray(dx, rowOff + 2 * ow + LANES);
        }
        for (; ow < g.outW; ow++) {
            if (2 * ow < g.inW) {
                dx[rowOff + 2 * ow] = dcol[even + ow] + bias;
            }
            if (2 * ow + 1 < g.inW) {
                dx[rowOff + 2 * ow + 1] = dcol[odd + ow] + bias;
            }
        }
    }

    /**
     * dx[n][c][id][ih][iw] += dcol[ow] where tap reads iw = ow * strideW - padW + e * dilW; with
     * {@code direct}, dx = dcol + bias instead (the element receives no other tap).
     */
    private static void scatter(ConvGeometry g, float[] dcol, int from, float[] dx, int planeOff, int od, int oh, int tap,
                                boolean direct, float bias) {
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
                FloatVector v = FloatVector.fromArray(F, dcol, from + ow);
                if (direct) {
                    v.add(bias).intoArray(dx, rowOff + iw0 + ow);
                } else {
                    v.add(FloatVector.fromArray(F, dx, rowOff + iw0 + ow)).intoArray(dx, rowOff + iw0 + ow);
                }
            }
            for (; ow < hi; ow++) {
                dx[rowOff + iw0 + ow] = dcol[from + ow] + (direct ? bias : dx[rowOff + iw0 + ow]);
            }
        } else {
            for (int ow = 0; ow < g.outW; ow++) {
                int iw = ow * g.strideW + iw0;
                if (iw >= 0 && iw < g.inW) {
                    dx[rowOff + iw] = dcol[from + ow] + (direct ? bias : dx[rowOff + iw]);
                }
            }
        }
    }
}
