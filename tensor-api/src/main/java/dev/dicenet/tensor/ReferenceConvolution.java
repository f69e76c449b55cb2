package dev.dicenet.tensor;

/**
 * The three convolution loops, written for clarity: forward, backward w.r.t. the input (a gather,
 * the adjoint of forward) and backward w.r.t. the weights. Every sum is accumulated in double.
 * A transposed convolution is these same loops with the roles of forward and backward-data swapped.
 */
final class ReferenceConvolution {
    private ReferenceConvolution() {
    }

    /** y[n,f,o] = bias[f] + sum_{c,k} w[f,c,k] x[n,c,o*stride - pad + k*dilation]. */
    static void forward(ConvGeometry g, float[] x, float[] w, float[] bias, float[] y) {
        for (int n = 0; n < g.n; n++) {
            for (int f = 0; f < g.f; f++) {
                for (int od = 0; od < g.outD; od++) {
                    for (int oh = 0; oh < g.outH; oh++) {
                        for (int ow = 0; ow < g.outW; ow++) {
                            double acc = bias == null ? 0 : bias[f];
                            for (int c = 0; c < g.c; c++) {
                                for (int a = 0; a < g.kD; a++) {
                                    int id = od * g.strideD - g.padD + a * g.dilD;
                                    if (id < 0 || id >= g.inD) {
                                        continue;
                                    }
                                    for (int b = 0; b < g.kH; b++) {
                                        int ih = oh * g.strideH - g.padH + b * g.dilH;
                                        if (ih < 0 || ih >= g.inH) {
                                            continue;
                                        }
                                        for (int e = 0; e < g.kW; e++) {
                                            int iw = ow * g.strideW - g.padW + e * g.dilW;
                                            if (iw < 0 || iw >= g.inW) {
                                                continue;
                                            }
                                            acc += (double) w[weightIndex(g, f, c, a, b, e)]
                                                    * x[inputIndex(g, n, c, id, ih, iw)];
                                        }
                                    }
                                }
                            }
                            y[outputIndex(g, n, f, od, oh, ow)] = (float) acc;
                        }
                    }
                }
            }
        }
    }

    /** dx[n,c,i] = sum over (f, k, o) with o*stride - pad + k*dilation = i of w[f,c,k] dy[n,f,o]. */
    static void backwardData(ConvGeometry g, float[] dy, float[] w, float[] bias, float[] dx) {
        for (int n = 0; n < g.n; n++) {
            for (int c = 0; c < g.c; c++) {
                for (int id = 0; id < g.inD; id++) {
                    for (int ih = 0; ih < g.inH; ih++) {
                        for (int iw = 0; iw < g.inW; iw++) {
                            double acc = bias == null ? 0 : bias[c];
                            for (int f = 0; f < g.f; f++) {
                                for (int a = 0; a < g.kD; a++) {
                                    int od = outputCoordinate(id, a, g.padD, g.dilD, g.strideD, g.outD);
                                    if (od < 0) {
                                        continue;
                                    }
                                    for (int b = 0; b < g.kH; b++) {
                                        int oh = outputCoordinate(ih, b, g.padH, g.dilH, g.strideH, g.outH);
                                        if (oh < 0) {
                                            continue;
                                        }
                                        for (int e = 0; e < g.kW; e++) {
                                            int ow = outputCoordinate(iw, e, g.padW, g.dilW, g.strideW, g.outW);
                                            if (ow < 0) {
                                                continue;
                                            }
                                            acc += (double) w[weightIndex(g, f, c, a, b, e)]
                                                    * dy[outputIndex(g, n, f, od, oh, ow)];
                                        }
                                    }
                                }
                            }
                            dx[inputIndex(g, n, c, id, ih, iw)] = (float) acc;
                        }
                    }
                }
            }
        }
    }

    /** dw[f,c,k] = sum_{n,o} dy[n,f,o] x[n,c,o*stride - pad + k*dilation]. */
    static void backwardWeights(ConvGeometry g, float[] dy, float[] x, float[] dw) {
        for (int f = 0; f < g.f; f++) {
            for (int c = 0; c < g.c; c++) {
                for (int a = 0; a < g.kD; a++) {
                    for (int b = 0; b < g.kH; b++) {
                        for (int e = 0; e < g.kW; e++) {
                            double acc = 0;
                            for (int n = 0; n < g.n; n++) {
                                for (int od = 0; od < g.outD; od++) {
                                    int id = od * g.strideD - g.padD + a * g.dilD;
                                    if (id < 0 || id >= g.inD) {
                                        continue;
                                    }
                                    for (int oh = 0; oh < g.outH; oh++) {
                                        int ih = oh * g.strideH - g.padH + b * g.dilH;
                                        if (ih < 0 || ih >= g.inH) {
                                            continue;
                                        }
                                        for (int ow = 0; ow < g.outW; ow++) {
                                            int iw = ow * g.strideW - g.padW + e * g.dilW;
                                            if (iw < 0 || iw >= g.inW) {
                                                continue;
                                            }
                                            acc += (double) dy[outputIndex(g, n, f, od, oh, ow)]
                                                    * x[inputIndex(g, n, c, id, ih, iw)];
                                        }
                                    }
                                }
                            }
                            dw[weightIndex(g, f, c, a, b, e)] = (float) acc;
                        }
                    }
                }
            }
        }
    }

    /** The output coordinate o with o*stride - pad + k*dilation = i, or -1 if there is none. */
    private static int outputCoordinate(int i, int k, int pad, int dil, int stride, int outSize) {
        int t = i + pad - k * dil;
        if (t < 0 || t % stride != 0) {
            return -1;
        }
        int o = t / stride;
        return o < outSize ? o : -1;
    }

    private static int inputIndex(ConvGeometry g, int n, int c, int d, int h, int w) {
        return (((n * g.c + c) * g.inD + d) * g.inH + h) * g.inW + w;
    }

    private static int outputIndex(ConvGeometry g, int n, int f, int d, int h, int w) {
        return (((n * g.f + f) * g.outD + d) * g.outH + h) * g.outW + w;
    }

    private static int weightIndex(ConvGeometry g, int f, int c, int a, int b, int e) {
        return (((f * g.c + c) * g.kD + a) * g.kH + b) * g.kW + e;
    }
}
