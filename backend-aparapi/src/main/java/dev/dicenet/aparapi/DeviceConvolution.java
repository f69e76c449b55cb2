package dev.dicenet.aparapi;

import dev.dicenet.tensor.ConvGeometry;
import dev.dicenet.tensor.OpChecks;
import dev.dicenet.tensor.Tensor;

/**
 * The convolution ops on the device, in three kernels' worth of work: the forward gather (also the
 * transposed convolution's backward data), the adjoint gather (backward data, and the transposed
 * convolution), and the weight gradient as partial sums per chunk of output rows then their ordered
 * sum (also the bias gradient). A transposed convolution is described by the convolution it is the
 * adjoint of ({@link ConvGeometry#forTransposed}).
 */
final class DeviceConvolution {
    /** Chunks per weight of the long reductions (weight and bias gradients): enough parallel work. */
    private static final int MAX_CHUNKS = 64;

    private final DeviceKernel kernel;
    private final Dispatcher dispatcher;
    private final DeviceMemory memory;
    private final Residency residency;

    DeviceConvolution(DeviceKernel kernel, Dispatcher dispatcher, DeviceMemory memory, Residency residency) {
        this.kernel = kernel;
        this.dispatcher = dispatcher;
        this.memory = memory;
        this.residency = residency;
    }

    void forward(String op, ConvGeometry g, Tensor x, Tensor w, Tensor bias, Tensor scale, Tensor shift,
            boolean relu, Tensor y) {
        DeviceTensor dx = residency.in(x);
        DeviceTensor dw = residency.in(w);
        DeviceTensor db = bias == null ? null : residency.in(bias);
        DeviceTensor ds = scale == null ? null : residency.in(scale);
        DeviceTensor dt = shift == null ? null : residency.in(shift);
        DeviceTensor dy = residency.out(y);
        geometry(g);
        kernel.src = dx.offset;
        kernel.src2 = dw.offset;
        kernel.hasBias = db == null ? 0 : 1;
        kernel.aux1 = db == null ? 0 : db.offset;
        kernel.affineInput = ds == null ? 0 : 1;
        kernel.aux2 = ds == null ? 0 : ds.offset;
        kernel.aux3 = dt == null ? 0 : dt.offset;
        kernel.relu = relu ? 1 : 0;
        kernel.dst = dy.offset;
        kernel.op = DeviceKernel.CONV;
        dispatcher.execute(op, y.size());
        Residency.wrote(dy);
    }

    /** The adjoint of the convolution g, gathered per element of its input: out = convᵀ(in) + bias. */
    void gather(String op, ConvGeometry g, Tensor in, Tensor w, Tensor bias, Tensor out) {
        DeviceTensor di = residency.in(in);
        DeviceTensor dw = residency.in(w);
        DeviceTensor db = bias == null ? null : residency.in(bias);
        DeviceTensor dout = residency.out(out);
        geometry(g);
        kernel.src = di.offset;
        kernel.src2 = dw.offset;
        kernel.hasBias = db == null ? 0 : 1;
        kernel.aux1 = db == null ? 0 : db.offset;
        kernel.dst = dout.offset;
        kernel.op = DeviceKernel.CONV_BACKWARD_DATA;
        dispatcher.execute(op, out.size());
        Residency.wrote(dout);
    }

    /** dw of the convolution g from its output gradient {@code out} and input {@code in}: partials, then their sum. */
    void weights(String op, ConvGeometry g, Tensor out, Tensor in, Tensor scale, Tensor shift, Tensor dw) {
        DeviceTensor dOut = residency.in(out);
        DeviceTensor dIn = residency.in(in);
        DeviceTensor ds = scale == null ? null : residency.in(scale);
        DeviceTensor dt = shift == null ? null : residency.in(shift);
        DeviceTensor dW = residency.out(dw);
        geometry(g);
        int rows = g.n * g.outD * g.outH;
        int chunks = chunksFor(rows * g.outW, rows);
        int weights = dw.size();
        memory.partials(weights * chunks);
        kernel.src = dOut.offset;
        kernel.src2 = dIn.offset;
        kernel.affineInput = ds == null ? 0 : 1;
        kernel.aux2 = ds == null ? 0 : ds.offset;
        kernel.aux3 = dt == null ? 0 : dt.offset;
        kernel.chunks = chunks;
        kernel.span = rows;
        kernel.op = DeviceKernel.CONV_WEIGHT_PARTIALS;
        dispatcher.execute(op, weights * chunks);
        reducePartials(op, dW, weights, chunks);
    }

    private void reducePartials(String op, DeviceTensor target, int count, int chunks) {
        kernel.chunks = chunks;
        kernel.dst = target.offset;
        kernel.op = DeviceKernel.REDUCE_PARTIALS;
        dispatcher.execute(op + " (sum of partials)", count);
        Residency.wrote(target);
    }

    /** Chunks for a reduction over {@code elements} values in {@code rows} rows: about 4096 values each. */
    private static int chunksFor(long elements, int rows) {
        return (int) Math.max(1, Math.min(Math.min(MAX_CHUNKS, rows), elements / 4096));
    }

    private void geometry(ConvGeometry g) {
        DeviceKernel k = kernel;
        k.gn = g.n;
        k.gc = g.c;
        k.gf = g.f;
        k.inD = g.inD;
        k.inH = g.inH;
        k.inW = g.inW;
        k.outD = g.outD;
        k.outH = g.outH;
        k.outW = g.outW;
        k.kD = g.kD;
        k.kH = g.kH;
        k.kW = g.kW;
        k.sD = g.strideD;
        k.sH = g.strideH;
        k.sW = g.strideW;
        k.dD = g.dilD;
        k.dH = g.dilH;
        k.dW = g.dilW;
        k.pD = g.padD;
        k.pH = g.padH;
        k.pW = g.padW;
    }

    void biasGradient(Tensor dy, Tensor db) {
        OpChecks.biasGradient(dy, db);
        DeviceTensor d = residency.in(dy);
        DeviceTensor b = residency.out(db);
        int n = dy.shape().dim(0);
        int f = dy.shape().dim(1);
        int m = dy.shape().sizeFrom(2);
        int span = n * m;
        int chunks = chunksFor(span, span);
        memory.partials(f * chunks);
        kernel.src = d.offset;
        kernel.k = f;
        kernel.m = m;
        kernel.span = span;
        kernel.chunks = chunks;
        kernel.op = DeviceKernel.BIAS_PARTIALS;
        dispatcher.execute("bias gradient", f * chunks);
        reducePartials("bias gradient", b, f, chunks);
    }
}
