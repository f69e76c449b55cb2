package dev.dicenet.aparapi;

import com.aparapi.Kernel;

/**
 * Every op of the backend in one Aparapi kernel, chosen by {@link #op}. One kernel means one set of
 * OpenCL buffers: all tensors live in {@link #arena} at offsets the host assigns, so data stays on the
 * device from op to op and layer to layer (Aparapi keeps buffers per kernel instance, so separate
 * kernels per op would copy every tensor through the host). One kernel is also one compilation.
 *
 * <p>Aparapi's rules apply inside: 1-D primitive arrays and primitive fields only, no objects, no
 * switch, no lambdas; the host sets the scalar fields before each execute. Work item i handles one
 * output element (or one chunk of a reduction); ranges are padded to a fixed work-group size, so
 * {@code i < items} guards the tail. Convolutions are 3-D (a 2-D one has depth 1). Offsets of the
 * tensors an op uses: {@link #src}, {@link #src2} (inputs), {@link #dst} (output), {@link #aux1},
 * {@link #aux2}, {@link #aux3} (bias, per-channel scale and shift, labels, as each op says).
 */
public final class DeviceKernel extends Kernel {
    static final int FILL = 1;
    static final int COPY = 2;
    static final int ADD = 3;
    static final int MUL = 4;
    static final int AXPY = 5;
    static final int SCALE = 6;
    static final int RELU = 7;
    static final int RELU_BACKWARD = 8;
    static final int AFFINE = 9;
    static final int AFFINE_BACKWARD = 10;
    static final int SOFTMAX = 11;
    static final int SOFTMAX_BACKWARD = 12;
    static final int ARGMAX = 13;
    static final int SGDM = 14;
    static final int ADAM = 15;
    static final int SUM_CHUNKS = 16;
    static final int DOT_CHUNKS = 17;
    static final int CONV = 18;
    static final int CONV_BACKWARD_DATA = 19;
    static final int CONV_WEIGHT_PARTIALS = 20;
    static final int REDUCE_PARTIALS = 21;
    static final int BIAS_PARTIALS = 22;
    static final int DICE_SUMS = 23;
    static final int DICE_GRADIENT = 24;
    static final int CROSS_ENTROPY_SUMS = 25;
    static final int CROSS_ENTROPY_GRADIENT = 26;
    static final int UPLOAD = 27;
    static final int DOWNLOAD = 28;

    /** Written at arena[0] on the device only: a download that reads anything else proves lost data. */
    static final float CANARY = 1234.5f;
    static final float MIN_NORMAL = 1.17549435E-38f;

    /**
     * All tensors: device-resident; the host copy is only the mirror Aparapi requires. {@link DeviceMemory}
     * sizes the arrays (so that the collector never moves those it must not: {@link UnmovableArrays}).
     */
    float[] arena = new float[16];
    /** Host transfers up to {@link DeviceMemory#SMALL} values (plus the canary slot). */
    float[] stagingSmall = new float[1];
    /** Host transfers of larger tensors; grows to the largest one. */
    float[] stagingLarge = new float[1];
    /** Device-only double partial sums of the long reductions (weight and bias gradients). */
    double[] partials = new double[1];
    /** Reduction results read by the host, and small double inputs (loss coefficients, class weights). */
    double[] results = new double[1];

    int op;
    int items;
    int src;
    int src2;
    int dst;
    int aux1;
    int aux2;
    int aux3;
    /** Elements per observation (spatial size) or the period of a broadcast operand. */
    int m;
    /** Classes (channels of a score tensor). */
    int k;
    /** Chunks per reduction. */
    int chunks;
    /** Length of the reduced range (elements or rows). */
    int span;
    int hasBias;
    int relu;
    int affineInput;
    int logits;
    int squared;
    int pooled;
    int useLarge;
    int stagingCanary;
    int resultsCanary;
    float alpha;
    float beta;
    float gamma;
    float epsilon;
    float l2;
    double correction1;
    double correction2;
    // Convolution geometry, in the convolution's own orientation (input -> output).
    int gn;
    int gc;
    int gf;
    int inD;
    int inH;
    int inW;
    int outD;
    int outH;
    int outW;
    int kD;
    int kH;
    int kW;
    int sD;
    int sH;
    int sW;
    int dD;
    int dH;
    int dW;
    int pD;
    int pH;
    int pW;

    @Override
    public void run() {
        int i = getGlobalId();
        if (i < items) {
            if (op < CONV) {
                elementwise(i);
            }
            if (op == CONV) {
                convForward(i);
            }
            if (op == CONV_BACKWARD_DATA) {
                convBackwardData(i);
            }
            if (op == CONV_WEIGHT_PARTIALS) {
                convWeightPartial(i);
            }
            if (op == REDUCE_PARTIALS) {
                reducePartials(i);
            }
            if (op == BIAS_PARTIALS) {
                biasPartial(i);
            }
            if (op == DICE_SUMS) {
                diceSums(i);
            }
            if (op == DICE_GRADIENT) {
                diceGradientAt(i);
            }
            if (op == CROSS_ENTROPY_SUMS) {
                crossEntropySums(i);
            }
            if (op == CROSS_ENTROPY_GRADIENT) {
                crossEntropyGradientAt(i);
            }
            if (op == UPLOAD) {
                upload(i);
            }
            if (op == DOWNLOAD) {
                download(i);
            }
        }
    }

    /** The ops below CONV: one element each (SUM_CHUNKS, DOT_CHUNKS: one chunk). */
    private void elementwise(int i) {
        if (op == FILL) {
            arena[dst + i] = alpha;
        }
        if (op == COPY) {
            arena[dst + i] = arena[src + i];
        }
        if (op == ADD) {
            arena[dst + i] = arena[src + i] + arena[src2 + i];
        }
        if (op == MUL) {
            arena[dst + i] = arena[src + i] * arena[src2 + i];
        }
        if (op == AXPY) {
            arena[dst + i] = arena[dst + i] + alpha * arena[src + i];
        }
        if (op == SCALE) {
            arena[dst + i] = arena[dst + i] * alpha;
        }
        if (op == RELU) {
            float v = 0f;
            if (arena[src + i] > 0f) {
                v = arena[src + i];
            }
            arena[dst + i] = v;
        }
        if (op == RELU_BACKWARD) {
            float g = 0f;
            if (arena[src + i] > 0f) {
                g = arena[src2 + i];
            }
            arena[dst + i] = g;
        }
        if (op == AFFINE) {
            int j = i % m;
            arena[dst + i] = arena[src + i] * arena[aux1 + j] + arena[aux2 + j];
        }
        if (op == AFFINE_BACKWARD) {
            arena[dst + i] = arena[src + i] * arena[aux1 + i % m];
        }
        if (op == SOFTMAX) {
            softmaxAt(i);
        }
        if (op == SOFTMAX_BACKWARD) {
            softmaxBackwardAt(i);
        }
        if (op == ARGMAX) {
            argmaxAt(i);
        }
        if (op == SGDM) {
            // v = momentum v - lr (g + l2 p); p += v   (alpha lr, beta momentum, gamma l2)
            float p = arena[dst + i];
            float v = beta * arena[aux1 + i] - alpha * (arena[src + i] + gamma * p);
            arena[aux1 + i] = v;
            arena[dst + i] = p + v;
        }
        if (op == ADAM) {
            adamAt(i);
        }
        if (op == SUM_CHUNKS) {
            sumChunk(i);
        }
        if (op == DOT_CHUNKS) {
            sumChunk(i);
        }
    }

    private void upload(int i) {
        if (useLarge == 1) {
            arena[dst + i] = stagingLarge[i];
        } else {
            arena[dst + i] = stagingSmall[i];
        }
    }

    /** Also copies the canary, arena[0], to the staging buffer's last slot for the host to check. */
    private void download(int i) {
        if (useLarge == 1) {
            stagingLarge[i] = arena[src + i];
            if (i == 0) {
                stagingLarge[stagingCanary] = arena[0];
            }
        } else {
            stagingSmall[i] = arena[src + i];
            if (i == 0) {
                stagingSmall[stagingCanary] = arena[0];
            }
        }
    }

    /**
     * y[n,f,o] = bias[f] + sum_{c,k} w[f,c,k] x'[n,c,o*stride - pad + k*dilation], x' = x scale + shift.
     * Taps outside, channels inside: each tap's position and bounds are worked out once, not per channel.
     */
    private void convForward(int i) {
        int ow = i % outW;
        int t = i / outW;
        int oh = t % outH;
        t = t / outH;
        int od = t % outD;
        t = t / outD;
        int f = t % gf;
        int n = t / gf;
        float acc = 0f;
        if (hasBias == 1) {
            acc = arena[aux1 + f];
        }
        int xStride = inD * inH * inW;
        int wStride = kD * kH * kW;
        int xBase = src + n * gc * xStride;
        int wBase = src2 + f * gc * wStride;
        for (int a = 0; a < kD; a++) {
            int id = od * sD - pD + a * dD;
            if (id >= 0 && id < inD) {
                for (int b = 0; b < kH; b++) {
                    int ih = oh * sH - pH + b * dH;
                    if (ih >= 0 && ih < inH) {
                        for (int e = 0; e < kW; e++) {
                            int iw = ow * sW - pW + e * dW;
                            if (iw >= 0 && iw < inW) {
                                int xAt = xBase + (id * inH + ih) * inW + iw;
                                int wAt = wBase + (a * kH + b) * kW + e;
                                if (affineInput == 1) {
                                    for (int c = 0; c < gc; c++) {
                                        acc += (arena[xAt + c * xStride] * arena[aux2 + c] + arena[aux3 + c])
                                                * arena[wAt + c * wStride];
                                    }
                                } else {
                                    for (int c = 0; c < gc; c++) {
                                        acc += arena[xAt + c * xStride] * arena[wAt + c * wStride];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if (relu == 1) {
            acc = max(acc, 0f);
        }
        arena[dst + i] = acc;
    }

    /**
     * dx[n,c,i] = bias[c] + sum over (f, k, o) with o*stride - pad + k*dilation = i of w[f,c,k] dy[n,f,o]:
     * the adjoint of {@link #convForward}, gathered per input element (also the transposed convolution).
     * Only the taps that land on an output position are visited (with dilation 1, every stride-th tap
     * from (i + pad) mod stride), each worked out once; the filters are the inner loop.
     */
    private void convBackwardData(int i) {
        int iw = i % inW;
        int t = i / inW;
        int ih = t % inH;
        t = t / inH;
        int id = t % inD;
        t = t / inD;
        int c = t % gc;
        int n = t / gc;
        float acc = 0f;
        if (hasBias == 1) {
            acc = arena[aux1 + c];
        }
        int yStride = outD * outH * outW;
        int wStride = gc * kD * kH * kW;
        int yBase = src + n * gf * yStride;
        int wBase = src2 + c * kD * kH * kW;
        for (int a = firstTap(id, pD, dD, sD); a < kD; a += tapStep(dD, sD)) {
            int od = outputCoordinate(id, a, pD, dD, sD, outD);
            if (od >= 0) {
                for (int b = firstTap(ih, pH, dH, sH); b < kH; b += tapStep(dH, sH)) {
                    int oh = outputCoordinate(ih, b, pH, dH, sH, outH);
                    if (oh >= 0) {
                        for (int e = firstTap(iw, pW, dW, sW); e < kW; e += tapStep(dW, sW)) {
                            int ow = outputCoordinate(iw, e, pW, dW, sW, outW);
                            if (ow >= 0) {
                                int yAt = yBase + (od * outH + oh) * outW + ow;
                                int wAt = wBase + (a * kH + b) * kW + e;
                                for (int f = 0; f < gf; f++) {
                                    acc += arena[wAt + f * wStride] * arena[yAt + f * yStride];
                                }
                            }
                        }
                    }
                }
            }
        }
        arena[dst + i] = acc;
    }

    /** The first tap k that can satisfy o*stride = i + pad - k*dilation: (i + pad) mod stride when dilation is 1. */
    private int firstTap(int i, int pad, int dil, int stride) {
        int k = 0;
        if (dil == 1) {
            k = (i + pad) % stride;
        }
        return k;
    }

    /** Taps between two that land on outputs: stride when dilation is 1 (else every tap is checked). */
    private int tapStep(int dil, int stride) {
        int step = 1;
        if (dil == 1) {
            step = stride;
        }
        return step;
    }

    /** The o with o*stride - pad + k*dilation = i, or -1. */
    private int outputCoordinate(int i, int kk, int pad, int dil, int stride, int size) {
        int t = i + pad - kk * dil;
        int o = -1;
        if (t >= 0 && t % stride == 0 && t / stride < size) {
            o = t / stride;
        }
        return o;
    }

    /**
     * Work item (weight j, chunk s): partial dw[j] = sum of dy[n,f,o] x'[n,c,...] over chunk s of the
     * output rows (n, od, oh); the inner loop runs over the valid ow only. Summed in double.
     */
    private void convWeightPartial(int item) {
        int j = item / chunks;
        int s = item % chunks;
        int e = j % kW;
        int t = j / kW;
        int b = t % kH;
        t = t / kH;
        int a = t % kD;
        t = t / kD;
        int c = t % gc;
        int f = t / gc;
        float scale = 1f;
        float shift = 0f;
        if (affineInput == 1) {
            scale = arena[aux2 + c];
            shift = arena[aux3 + c];
        }
        int per = (span + chunks - 1) / chunks;
        int from = s * per;
        int to = min(from + per, span);
        // valid ow: 0 <= ow*sW - pW + e*dW < inW
        int owLo = 0;
        int lowest = e * dW - pW;
        if (lowest < 0) {
            owLo = (-lowest + sW - 1) / sW;
        }
        int owHi = outW;
        if (inW - 1 - lowest < 0) {
            owHi = 0;
        } else {
            owHi = min(outW, (inW - 1 - lowest) / sW + 1);
        }
        double acc = 0;
        for (int r = from; r < to; r++) {
            int oh = r % outH;
            int q = r / outH;
            int od = q % outD;
            int n = q / outD;
            int id = od * sD - pD + a * dD;
            int ih = oh * sH - pH + b * dH;
            if (id >= 0 && id < inD && ih >= 0 && ih < inH) {
                int yRow = src + ((n * gf + f) * outD + od) * outH * outW + oh * outW;
                int xRow = src2 + (((n * gc + c) * inD + id) * inH + ih) * inW + lowest;
                for (int ow = owLo; ow < owHi; ow++) {
                    acc += arena[yRow + ow] * (arena[xRow + ow * sW] * scale + shift);
                }
            }
        }
        partials[item] = acc;
    }

    /** dst[j] = sum over the chunks of partials[j * chunks + s], in chunk order. */
    private void reducePartials(int j) {
        double acc = 0;
        for (int s = 0; s < chunks; s++) {
            acc += partials[j * chunks + s];
        }
        arena[dst + j] = (float) acc;
    }

    /** Work item (channel f of k, chunk s): partial db[f] over chunk s of the N*m elements of channel f. */
    private void biasPartial(int item) {
        int f = item / chunks;
        int s = item % chunks;
        int per = (span + chunks - 1) / chunks;
        int from = s * per;
        int to = min(from + per, span);
        double acc = 0;
        for (int r = from; r < to; r++) {
            int n = r / m;
            acc += arena[src + (n * k + f) * m + (r - n * m)];
        }
        partials[item] = acc;
    }

    /** results[j] = sum (SUM_CHUNKS) or dot (DOT_CHUNKS) over chunk j of the span elements. */
    private void sumChunk(int j) {
        int per = (span + chunks - 1) / chunks;
        int from = j * per;
        int to = min(from + per, span);
        double acc = 0;
        if (op == DOT_CHUNKS) {
            for (int r = from; r < to; r++) {
                acc += arena[src + r] * (double) arena[src2 + r];
            }
        } else {
            for (int r = from; r < to; r++) {
                acc += arena[src + r];
            }
        }
        results[j] = acc;
        if (j == 0) {
            results[resultsCanary] = arena[0];
        }
    }

    private void softmaxAt(int i) {
        int n = i / m;
        int base = n * k * m + (i - n * m);
        float max = arena[src + base];
        for (int c = 1; c < k; c++) {
            max = max(max, arena[src + base + c * m]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += exp(arena[src + base + c * m] - max); // shifted: never overflows
        }
        for (int c = 0; c < k; c++) {
            arena[dst + base + c * m] = (float) (exp(arena[src + base + c * m] - max) / sum);
        }
    }

    private void softmaxBackwardAt(int i) {
        int n = i / m;
        int base = n * k * m + (i - n * m);
        double dot = 0;
        for (int c = 0; c < k; c++) {
            dot += arena[src + base + c * m] * (double) arena[src2 + base + c * m];
        }
        for (int c = 0; c < k; c++) {
            int at = base + c * m;
            arena[dst + at] = (float) (arena[src + at] * (arena[src2 + at] - dot));
        }
    }

    private void argmaxAt(int i) {
        int n = i / m;
        int base = n * k * m + (i - n * m);
        int best = 0;
        float bestScore = arena[src + base];
        for (int c = 1; c < k; c++) {
            float v = arena[src + base + c * m];
            if (v > bestScore) {
                best = c;
                bestScore = v;
            }
        }
        arena[dst + i] = best;
    }

    /**
     * Adam in {@code AdamUpdate}'s order of operations: alpha lr, beta b1, gamma b2, l2, epsilon, the
     * bias corrections 1 - b^t in double; p at dst, g at src, m at aux1, v at aux2.
     */
    private void adamAt(int i) {
        float p = arena[dst + i];
        float g = arena[src + i] + l2 * p;
        float mi = beta * arena[aux1 + i] + (1f - beta) * g;
        float vi = gamma * arena[aux2 + i] + (1f - gamma) * g * g;
        arena[aux1 + i] = mi;
        arena[aux2 + i] = vi;
        arena[dst + i] = p - (float) (alpha * (mi / correction1) / (sqrt(vi / correction2) + epsilon));
    }

    /**
     * Work item (observation, class, chunk): over the chunk's defined pixels, results gets
     * [count of class, sum of y of class at its pixels, sum of y or y^2] (DiceSums' three sums).
     * Labels are floats at aux1 (-1 undefined).
     */
    private void diceSums(int item) {
        int blk = item % chunks;
        int t = item / chunks;
        int c = t % k;
        int n = t / k;
        int per = (m + chunks - 1) / chunks;
        int from = blk * per;
        int to = min(from + per, m);
        double count = 0;
        double inter = 0;
        double power = 0;
        for (int px = from; px < to; px++) {
            int label = (int) arena[aux1 + n * m + px];
            if (label >= 0) {
                float v = arena[src + (n * k + c) * m + px];
                if (squared == 1) {
                    power += v * (double) v;
                } else {
                    power += v;
                }
                if (label == c) {
                    count += 1;
                    inter += v;
                }
            }
        }
        storeSums(item, count, inter, power);
    }

    /**
     * dL/dY = coefY Y + coefConst + coefT [label = c] at defined pixels (coefficients in results, 3 per
     * group and class), then, for logits, the softmax Jacobian: y (g - sum_j y_j g_j).
     */
    private void diceGradientAt(int i) {
        int n = i / m;
        int px = i - n * m;
        int g = 0;
        if (pooled == 0) {
            g = n;
        }
        int label = (int) arena[aux1 + i];
        double weighted = 0;
        for (int c = 0; c < k; c++) {
            int at = (n * k + c) * m + px;
            float y = arena[src + at];
            double d = 0;
            if (label >= 0) {
                int co = (g * k + c) * 3;
                d = results[co] * y + results[co + 1];
                if (label == c) {
                    d += results[co + 2];
                }
            }
            float df = (float) d;
            arena[dst + at] = df;
            weighted += df * (double) y;
        }
        if (logits == 1) {
            for (int c = 0; c < k; c++) {
                int at = (n * k + c) * m + px;
                arena[dst + at] = (float) (arena[src + at] * (arena[dst + at] - weighted));
            }
        }
    }

    /**
     * Work item (observation, chunk): results gets [sum of -w ln max(p, MIN_NORMAL), sum of w, count of
     * non-finite p] over defined pixels; class weights are in results from offset aux2.
     */
    private void crossEntropySums(int item) {
        int blk = item % chunks;
        int n = item / chunks;
        int per = (m + chunks - 1) / chunks;
        int from = blk * per;
        int to = min(from + per, m);
        double total = 0;
        double weights = 0;
        double bad = 0;
        for (int px = from; px < to; px++) {
            int label = (int) arena[aux1 + n * m + px];
            if (label >= 0) {
                double w = results[aux2 + label];
                float p = arena[src + (n * k + label) * m + px];
                if (p - p != 0f) {
                    bad += 1;
                } else {
                    total -= w * log((double) max(p, MIN_NORMAL));
                }
                weights += w;
            }
        }
        storeSums(item, total, weights, bad);
    }

    /** A loss-sum work item's three sums into results; item 0 also copies the canary for the host. */
    private void storeSums(int item, double a, double b, double c) {
        results[item * 3] = a;
        results[item * 3 + 1] = b;
        results[item * 3 + 2] = c;
        if (item == 0) {
            results[resultsCanary] = arena[0];
        }
    }

    /** Per pixel: w = weight[label] / sum of weights (in results), grad = w (y - T) or -w / y at the label. */
    private void crossEntropyGradientAt(int i) {
        int n = i / m;
        int px = i - n * m;
        int label = (int) arena[aux1 + i];
        double w = 0;
        if (label >= 0) {
            w = results[label];
        }
        for (int c = 0; c < k; c++) {
            int at = (n * k + c) * m + px;
            float y = arena[src + at];
            float gv = 0f;
            if (logits == 1) {
                double t = 0;
                if (label == c) {
                    t = 1;
                }
                gv = (float) (w * (y - t));
            } else if (label == c) {
                gv = (float) (-w / max(y, MIN_NORMAL));
            }
            arena[dst + at] = gv;
        }
    }
}
