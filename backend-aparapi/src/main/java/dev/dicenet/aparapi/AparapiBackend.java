package dev.dicenet.aparapi;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.ConvGeometry;
import dev.dicenet.tensor.ConvSpec;
import dev.dicenet.tensor.DiceOptions;
import dev.dicenet.tensor.DiceSums;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.LossGradient;
import dev.dicenet.tensor.OpChecks;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The Backend SPI as OpenCL kernels through Aparapi ({@link DeviceKernel}). Tensors stay on the
 * device between ops: each tensor the backend touches gets a region of the device arena and a
 * {@link DeviceTensor} that tells the host when to copy (only when the host reads it through
 * {@link Tensor#data()}: a loss value, predictions, saving). Regions are freed when the tensor is
 * collected, when {@link #release} is called, or all at once by {@link #close()}.
 *
 * <p>Thread-safe: ops are serialized on the device. Tolerances against the reference backend:
 * convolutions accumulate each output in float (|error| below 1e-5 (1 + max|y|) sqrt(terms)), long
 * reductions (weight and bias gradients, sums, loss sums) in double.
 */
public final class AparapiBackend implements Backend {
    public static final String NAME = "aparapi";
    private static final Cleaner CLEANER = Cleaner.create();
    /** Chunks per channel of the long reductions (weight and bias gradients): enough parallel work. */
    private static final int MAX_CHUNKS = 64;
    /** Chunks of sum and dot; and of the loss sums, per observation and class. */
    private static final int SUM_CHUNKS = 256;

    private final OpenCLDevice device;
    private final DeviceKernel kernel = new DeviceKernel();
    private final Dispatcher dispatcher;
    private final DeviceMemory memory;
    private final DiceSums diceSums = new DiceSums();
    private final Map<DeviceTensor, Boolean> live = new IdentityHashMap<>();
    private boolean closed;
    private long tensorUploads;
    private long tensorDownloads;

    private AparapiBackend(OpenCLDevice device) {
        this.device = device;
        kernel.setExplicit(true); // nothing moves between host and device unless asked
        LinkedHashSet<Device> only = new LinkedHashSet<>();
        only.add(device);
        KernelManager.instance().setPreferredDevices(kernel, only);
        dispatcher = new Dispatcher(kernel, device);
        memory = new DeviceMemory(kernel, dispatcher, device.getMaxMemAllocSize(), device.isSharedMemory());
        CLEANER.register(this, new DisposeKernel(kernel)); // a backend dropped without close() frees its device too
        memory.initialize();
    }

    /** Frees the kernel's OpenCL context, program and buffers (idempotent). */
    private static final class DisposeKernel implements Runnable {
        private final DeviceKernel kernel;

        DisposeKernel(DeviceKernel kernel) {
            this.kernel = kernel;
        }

        @Override
        public void run() {
            kernel.dispose();
        }
    }

    /** A backend on the chosen device ({@link OpenCLDevices#choose}); compiles the kernel. */
    public static AparapiBackend create() {
        List<OpenCLDevice> all = OpenCLDevices.list();
        OpenCLDevice d = OpenCLDevices.choose(all);
        if (d == null) {
            throw new IllegalStateException("aparapi backend: " + OpenCLProbe.result().availability.reason());
        }
        return new AparapiBackend(d);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The device, e.g. "pthread-skylake-avx512 (CPU, Portable Computing Language)". */
    public String deviceDescription() {
        return Dispatcher.describe(device);
    }

    /** Every OpenCL device found, the chosen one marked with '*'. */
    public static String listDevices() {
        List<OpenCLDevice> all = OpenCLDevices.list();
        return OpenCLDevices.describe(all, OpenCLDevices.choose(all));
    }

    /** True while every execution runs as OpenCL (false only after an accepted Java fallback). */
    public synchronized boolean runningOpenCL() {
        return dispatcher.runningOpenCL();
    }

    /** Device memory and transfer counters. */
    public synchronized MemoryStats memoryStats() {
        return new MemoryStats(memory.capacityBytes(), memory.inUseBytes(), live.size(), tensorUploads,
                tensorDownloads, memory.bytesToDevice(), memory.bytesToHost(), dispatcher.executions());
    }

    // ---- residency ------------------------------------------------------------------------------

    @Override
    public synchronized Tensor zeros(Shape shape) {
        Tensor t = Tensor.zeros(shape);
        DeviceTensor d = attach(t);
        fillRegion(d.offset, d.length, 0f);
        d.deviceCurrent = true;
        return t;
    }

    private DeviceTensor attach(Tensor t) {
        if (closed) {
            throw new IllegalStateException("aparapi backend is closed");
        }
        Tensor.DeviceCopy existing = t.deviceCopy();
        if (existing instanceof DeviceTensor && ((DeviceTensor) existing).owner == this
                && !((DeviceTensor) existing).released) {
            return (DeviceTensor) existing;
        }
        if (existing != null) { // another device's copy: bring the values home and let it go
            t.data();
            if (existing instanceof DeviceTensor) {
                ((DeviceTensor) existing).owner.release(t);
            }
        }
        float[] host = t.hostArrayUnchecked();
        DeviceTensor d = new DeviceTensor(this, host, memory.allocate(host.length, "a tensor of shape " + t.shape()));
        t.attachDeviceCopy(d);
        live.put(d, Boolean.TRUE);
        CLEANER.register(t, new Reclaim(d));
        return d;
    }

    /** The tensor's region, with current values on the device. */
    private DeviceTensor in(Tensor t) {
        DeviceTensor d = attach(t);
        if (!d.deviceCurrent) {
            memory.upload(d.host, d.length, d.offset);
            d.deviceCurrent = true;
            tensorUploads++;
        }
        return d;
    }

    /** The tensor's region, to be overwritten entirely. */
    private DeviceTensor out(Tensor t) {
        return attach(t);
    }

    private static void wrote(DeviceTensor d) {
        d.deviceCurrent = true;
        d.hostCurrent = false;
    }

    void downloadInto(DeviceTensor d) {
        memory.download(d.offset, d.length, d.host);
        tensorDownloads++;
    }

    /** Copies the tensor's device values to the host if newer, then frees its device region. */
    @Override
    public synchronized void release(Tensor t) {
        Tensor.DeviceCopy c = t.deviceCopy();
        if (c instanceof DeviceTensor && ((DeviceTensor) c).owner == this) {
            DeviceTensor d = (DeviceTensor) c;
            d.refreshHost();
            free(d);
            t.attachDeviceCopy(null);
        }
    }

    private synchronized void free(DeviceTensor d) {
        if (!d.released) {
            d.released = true;
            live.remove(d);
            if (!closed) {
                memory.release(d.offset, d.length);
            }
        }
    }

    /** Runs on the cleaner thread when a tensor is collected: its region is reusable. */
    private static final class Reclaim implements Runnable {
        private final DeviceTensor d;

        Reclaim(DeviceTensor d) {
            this.d = d;
        }

        @Override
        public void run() {
            d.owner.free(d);
        }
    }

    /**
     * Copies every tensor whose newest values are on the device back to the host, then frees the
     * device buffers and the compiled kernel. The tensors remain usable on the host (and on another
     * backend); this backend is not.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        for (DeviceTensor d : new ArrayList<>(live.keySet())) {
            d.refreshHost();
            d.released = true;
        }
        live.clear();
        closed = true;
        kernel.dispose();
    }

    // ---- convolution ----------------------------------------------------------------------------

    @Override
    public synchronized void conv(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        convForward("conv", ConvGeometry.forConv(x.shape(), w.shape(), shapeOf(bias), y.shape(), spec),
                x, w, bias, null, null, false, y);
    }

    @Override
    public synchronized void convRelu(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        convForward("conv relu", ConvGeometry.forConv(x.shape(), w.shape(), shapeOf(bias), y.shape(), spec),
                x, w, bias, null, null, true, y);
    }

    @Override
    public synchronized void convOfAffineInput(Tensor x, Tensor scale, Tensor offset, Tensor normalized, Tensor w,
                                               Tensor bias, ConvSpec spec, boolean relu, Tensor y) {
        OpChecks.channelAffine("conv of affine input", x, scale, offset);
        OpChecks.sameShape("conv of affine input workspace", x, normalized);
        convForward("conv of affine input", ConvGeometry.forConv(x.shape(), w.shape(), shapeOf(bias), y.shape(), spec),
                x, w, bias, scale, offset, relu, y);
    }

    private void convForward(String op, ConvGeometry g, Tensor x, Tensor w, Tensor bias, Tensor scale, Tensor shift,
                             boolean relu, Tensor y) {
        DeviceTensor dx = in(x);
        DeviceTensor dw = in(w);
        DeviceTensor db = bias == null ? null : in(bias);
        DeviceTensor ds = scale == null ? null : in(scale);
        DeviceTensor dt = shift == null ? null : in(shift);
        DeviceTensor dy = out(y);
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
        wrote(dy);
    }

    @Override
    public synchronized void convBackwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        gather("conv backward data", ConvGeometry.forConv(dx.shape(), w.shape(), null, dy.shape(), spec), dy, w, null, dx);
    }

    @Override
    public synchronized void convTranspose(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        gather("transposed conv", ConvGeometry.forTransposed(x.shape(), w.shape(), shapeOf(bias), y.shape(), spec),
                x, w, bias, y);
    }

    @Override
    public synchronized void convTransposeBackwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        convForward("transposed conv backward data",
                ConvGeometry.forTransposed(dx.shape(), w.shape(), null, dy.shape(), spec), dy, w, null, null, null,
                false, dx);
    }

    /** The adjoint of the convolution g, gathered per element of its input: out = convᵀ(in) + bias. */
    private void gather(String op, ConvGeometry g, Tensor in, Tensor w, Tensor bias, Tensor out) {
        DeviceTensor di = in(in);
        DeviceTensor dw = in(w);
        DeviceTensor db = bias == null ? null : in(bias);
        DeviceTensor dout = out(out);
        geometry(g);
        kernel.src = di.offset;
        kernel.src2 = dw.offset;
        kernel.hasBias = db == null ? 0 : 1;
        kernel.aux1 = db == null ? 0 : db.offset;
        kernel.dst = dout.offset;
        kernel.op = DeviceKernel.CONV_BACKWARD_DATA;
        dispatcher.execute(op, out.size());
        wrote(dout);
    }

    @Override
    public synchronized void convBackwardWeights(Tensor dy, Tensor x, ConvSpec spec, Tensor dw) {
        weights("conv backward weights", ConvGeometry.forConv(x.shape(), dw.shape(), null, dy.shape(), spec), dy, x,
                null, null, dw);
    }

    @Override
    public synchronized void convBackwardWeightsOfAffineInput(Tensor dy, Tensor x, Tensor scale, Tensor offset,
                                                              Tensor normalized, ConvSpec spec, Tensor dw) {
        OpChecks.channelAffine("conv backward weights of affine input", x, scale, offset);
        weights("conv backward weights of affine input",
                ConvGeometry.forConv(x.shape(), dw.shape(), null, dy.shape(), spec), dy, x, scale, offset, dw);
    }

    @Override
    public synchronized void convTransposeBackwardWeights(Tensor dy, Tensor x, ConvSpec spec, Tensor dw) {
        weights("transposed conv backward weights",
                ConvGeometry.forTransposed(x.shape(), dw.shape(), null, dy.shape(), spec), x, dy, null, null, dw);
    }

    /** dw of the convolution g from its output gradient {@code out} and input {@code in}: partials, then their sum. */
    private void weights(String op, ConvGeometry g, Tensor out, Tensor in, Tensor scale, Tensor shift, Tensor dw) {
        DeviceTensor dOut = in(out);
        DeviceTensor dIn = in(in);
        DeviceTensor ds = scale == null ? null : in(scale);
        DeviceTensor dt = shift == null ? null : in(shift);
        DeviceTensor dW = out(dw);
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
        wrote(target);
    }

    /** Chunks for a reduction over {@code elements} values in {@code rows} rows: about 4096 values each. */
    private static int chunksFor(long elements, int rows) {
        return (int) Math.max(1, Math.min(Math.min(MAX_CHUNKS, rows), elements / 4096));
    }

    @Override
    public synchronized void biasGradient(Tensor dy, Tensor db) {
        OpChecks.biasGradient(dy, db);
        DeviceTensor d = in(dy);
        DeviceTensor b = out(db);
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

    // ---- activations ----------------------------------------------------------------------------

    @Override
    public synchronized void relu(Tensor x, Tensor y) {
        OpChecks.sameShape("relu", x, y);
        unary("relu", DeviceKernel.RELU, x, y);
    }

    @Override
    public synchronized void reluBackward(Tensor y, Tensor dy, Tensor dx) {
        OpChecks.sameShape("relu backward", y, dy, dx);
        binary("relu backward", DeviceKernel.RELU_BACKWARD, y, dy, dx);
    }

    @Override
    public synchronized void softmax(Tensor x, Tensor y) {
        OpChecks.channelTensor("softmax", x);
        OpChecks.sameShape("softmax", x, y);
        pixels(x);
        unaryPerPixel("softmax", DeviceKernel.SOFTMAX, x, null, y);
    }

    @Override
    public synchronized void softmaxBackward(Tensor y, Tensor dy, Tensor dx) {
        OpChecks.channelTensor("softmax backward", y);
        OpChecks.sameShape("softmax backward", y, dy, dx);
        pixels(y);
        unaryPerPixel("softmax backward", DeviceKernel.SOFTMAX_BACKWARD, y, dy, dx);
    }

    private void pixels(Tensor scores) {
        kernel.k = scores.shape().dim(1);
        kernel.m = scores.shape().sizeFrom(2);
    }

    private void unaryPerPixel(String op, int code, Tensor a, Tensor b, Tensor out) {
        DeviceTensor da = in(a);
        DeviceTensor db = b == null ? null : in(b);
        DeviceTensor dout = out(out);
        kernel.src = da.offset;
        kernel.src2 = db == null ? 0 : db.offset;
        kernel.dst = dout.offset;
        kernel.op = code;
        dispatcher.execute(op, a.shape().dim(0) * kernel.m);
        wrote(dout);
    }

    // ---- elementwise and reductions -------------------------------------------------------------

    @Override
    public synchronized void affine(Tensor x, Tensor scale, Tensor offset, Tensor y) {
        OpChecks.sameShape("affine", x, y);
        OpChecks.broadcastOperand("affine scale", x, scale);
        OpChecks.broadcastOperand("affine offset", x, offset);
        DeviceTensor dx = in(x);
        DeviceTensor ds = in(scale);
        DeviceTensor dt = in(offset);
        DeviceTensor dy = out(y);
        kernel.src = dx.offset;
        kernel.aux1 = ds.offset;
        kernel.aux2 = dt.offset;
        kernel.m = scale.size();
        kernel.dst = dy.offset;
        kernel.op = DeviceKernel.AFFINE;
        dispatcher.execute("affine", x.size());
        wrote(dy);
    }

    @Override
    public synchronized void affineBackward(Tensor dy, Tensor scale, Tensor dx) {
        OpChecks.sameShape("affine backward", dy, dx);
        OpChecks.broadcastOperand("affine backward scale", dy, scale);
        DeviceTensor d = in(dy);
        DeviceTensor ds = in(scale);
        DeviceTensor out = out(dx);
        kernel.src = d.offset;
        kernel.aux1 = ds.offset;
        kernel.m = scale.size();
        kernel.dst = out.offset;
        kernel.op = DeviceKernel.AFFINE_BACKWARD;
        dispatcher.execute("affine backward", dy.size());
        wrote(out);
    }

    @Override
    public synchronized void add(Tensor a, Tensor b, Tensor out) {
        OpChecks.sameShape("add", a, b, out);
        binary("add", DeviceKernel.ADD, a, b, out);
    }

    @Override
    public synchronized void mul(Tensor a, Tensor b, Tensor out) {
        OpChecks.sameShape("mul", a, b, out);
        binary("mul", DeviceKernel.MUL, a, b, out);
    }

    @Override
    public synchronized void axpy(float alpha, Tensor x, Tensor y) {
        OpChecks.sameShape("axpy", x, y);
        DeviceTensor dx = in(x);
        DeviceTensor dy = in(y);
        kernel.src = dx.offset;
        kernel.dst = dy.offset;
        kernel.alpha = alpha;
        kernel.op = DeviceKernel.AXPY;
        dispatcher.execute("axpy", x.size());
        wrote(dy);
    }

    @Override
    public synchronized void scale(float alpha, Tensor x) {
        DeviceTensor d = in(x);
        kernel.dst = d.offset;
        kernel.alpha = alpha;
        kernel.op = DeviceKernel.SCALE;
        dispatcher.execute("scale", x.size());
        wrote(d);
    }

    @Override
    public synchronized void fill(Tensor x, float value) {
        DeviceTensor d = out(x);
        fillRegion(d.offset, d.length, value);
        wrote(d);
    }

    private void fillRegion(int offset, int length, float value) {
        kernel.dst = offset;
        kernel.alpha = value;
        kernel.op = DeviceKernel.FILL;
        dispatcher.execute("fill", length);
        dispatcher.deviceDataCreated();
    }

    @Override
    public synchronized void copy(Tensor src, Tensor dst) {
        OpChecks.sameShape("copy", src, dst);
        unary("copy", DeviceKernel.COPY, src, dst);
    }

    private void unary(String op, int code, Tensor a, Tensor out) {
        DeviceTensor da = in(a);
        DeviceTensor dout = out(out);
        kernel.src = da.offset;
        kernel.dst = dout.offset;
        kernel.op = code;
        dispatcher.execute(op, a.size());
        wrote(dout);
    }

    private void binary(String op, int code, Tensor a, Tensor b, Tensor out) {
        DeviceTensor da = in(a);
        DeviceTensor db = in(b);
        DeviceTensor dout = out(out);
        kernel.src = da.offset;
        kernel.src2 = db.offset;
        kernel.dst = dout.offset;
        kernel.op = code;
        dispatcher.execute(op, a.size());
        wrote(dout);
    }

    @Override
    public synchronized double sum(Tensor x) {
        return reduce("sum", DeviceKernel.SUM_CHUNKS, in(x), null, x.size());
    }

    @Override
    public synchronized double dot(Tensor a, Tensor b) {
        OpChecks.sameShape("dot", a, b);
        return reduce("dot", DeviceKernel.DOT_CHUNKS, in(a), in(b), a.size());
    }

    private double reduce(String op, int code, DeviceTensor a, DeviceTensor b, int n) {
        int chunks = (int) Math.max(1, Math.min(SUM_CHUNKS, n / 1024));
        memory.results(chunks);
        kernel.src = a.offset;
        kernel.src2 = b == null ? 0 : b.offset;
        kernel.span = n;
        kernel.chunks = chunks;
        kernel.op = code;
        dispatcher.execute(op, chunks);
        double[] r = memory.readResults(op);
        double acc = 0;
        for (int i = 0; i < chunks; i++) {
            acc += r[i];
        }
        return acc;
    }

    @Override
    public synchronized void argmax(Tensor scores, LabelMap labels) {
        OpChecks.argmax(scores, labels);
        DeviceTensor s = in(scores);
        pixels(scores);
        int count = labels.labels().length;
        int region = memory.allocate(count, "argmax labels");
        try {
            kernel.src = s.offset;
            kernel.dst = region;
            kernel.op = DeviceKernel.ARGMAX;
            dispatcher.execute("argmax", count);
            memory.downloadLabels(region, labels.labels());
        } finally {
            memory.release(region, count);
        }
    }

    // ---- losses ---------------------------------------------------------------------------------

    @Override
    public synchronized double diceLoss(Tensor y, LabelMap labels, DiceOptions options, Tensor grad,
                                        LossGradient target, double[] perObservation) {
        OpChecks.loss("generalized Dice loss", y, labels, grad);
        int n = y.shape().dim(0);
        int k = y.shape().dim(1);
        int m = y.shape().sizeFrom(2);
        boolean pooled = options.reduction() == DiceOptions.Reduction.BATCH;
        DeviceTensor dy = in(y);
        int labelRegion = memory.allocate(n * m, "loss labels");
        try {
            memory.uploadLabels(labels.labels(), labelRegion);
            int chunks = (int) Math.max(1, Math.min(SUM_CHUNKS, m / 2048));
            double[] r = memory.results(3 * n * k * chunks);
            kernel.src = dy.offset;
            kernel.aux1 = labelRegion;
            kernel.k = k;
            kernel.m = m;
            kernel.chunks = chunks;
            kernel.squared = options.denominator() == DiceOptions.Denominator.SQUARED ? 1 : 0;
            kernel.op = DeviceKernel.DICE_SUMS;
            dispatcher.execute("generalized Dice loss sums", n * k * chunks);
            r = memory.readResults("generalized Dice loss sums");
            diceSums.reset(pooled ? 1 : n, k);
            for (int obs = 0; obs < n; obs++) {
                int g = pooled ? 0 : obs;
                for (int c = 0; c < k; c++) {
                    for (int b = 0; b < chunks; b++) {
                        int at = ((obs * k + c) * chunks + b) * 3;
                        diceSums.addCount(g, c, r[at]);
                        diceSums.addIntersection(g, c, r[at + 1]);
                        diceSums.addPower(g, c, r[at + 2]);
                    }
                }
            }
            double loss = diceSums.finish(options, n);
            diceSums.copyObservationLosses(perObservation, n);
            if (grad != null) {
                int groups = pooled ? 1 : n;
                for (int g = 0; g < groups; g++) {
                    for (int c = 0; c < k; c++) {
                        int co = (g * k + c) * 3;
                        r[co] = diceSums.coefY(g, c);
                        r[co + 1] = diceSums.coefConst(g, c);
                        r[co + 2] = diceSums.coefT(g, c);
                    }
                }
                memory.writeResults();
                DeviceTensor dg = out(grad);
                kernel.src = dy.offset;
                kernel.aux1 = labelRegion;
                kernel.dst = dg.offset;
                kernel.pooled = pooled ? 1 : 0;
                kernel.logits = target == LossGradient.LOGITS ? 1 : 0;
                kernel.op = DeviceKernel.DICE_GRADIENT;
                dispatcher.execute("generalized Dice loss gradient", n * m);
                wrote(dg);
            }
            return loss;
        } finally {
            memory.release(labelRegion, n * m);
        }
    }

    @Override
    public synchronized double crossEntropyLoss(Tensor y, LabelMap labels, float[] classWeights, Tensor grad,
                                                LossGradient target) {
        OpChecks.loss("cross-entropy loss", y, labels, grad);
        int n = y.shape().dim(0);
        int k = y.shape().dim(1);
        int m = y.shape().sizeFrom(2);
        OpChecks.classWeights(classWeights, k);
        DeviceTensor dy = in(y);
        int labelRegion = memory.allocate(n * m, "loss labels");
        try {
            memory.uploadLabels(labels.labels(), labelRegion);
            int chunks = (int) Math.max(1, Math.min(SUM_CHUNKS, m / 2048));
            int weightsAt = 3 * n * chunks;
            double[] r = memory.results(weightsAt + k);
            for (int c = 0; c < k; c++) {
                r[weightsAt + c] = classWeights == null ? 1 : classWeights[c];
            }
            memory.writeResults();
            kernel.src = dy.offset;
            kernel.aux1 = labelRegion;
            kernel.aux2 = weightsAt;
            kernel.k = k;
            kernel.m = m;
            kernel.chunks = chunks;
            kernel.op = DeviceKernel.CROSS_ENTROPY_SUMS;
            dispatcher.execute("cross-entropy loss sums", n * chunks);
            r = memory.readResults("cross-entropy loss sums");
            double total = 0;
            double weightSum = 0;
            double bad = 0;
            for (int i = 0; i < n * chunks; i++) {
                total += r[3 * i];
                weightSum += r[3 * i + 1];
                bad += r[3 * i + 2];
            }
            if (bad > 0) {
                throw new IllegalArgumentException("cross-entropy loss: input contains " + (long) bad
                        + " NaN or infinite probabilities at labelled pixels; expected finite probabilities");
            }
            if (grad != null) {
                for (int c = 0; c < k; c++) {
                    r[c] = weightSum == 0 ? 0 : (classWeights == null ? 1 : classWeights[c]) / weightSum;
                }
                memory.writeResults();
                DeviceTensor dg = out(grad);
                kernel.src = dy.offset;
                kernel.aux1 = labelRegion;
                kernel.dst = dg.offset;
                kernel.logits = target == LossGradient.LOGITS ? 1 : 0;
                kernel.op = DeviceKernel.CROSS_ENTROPY_GRADIENT;
                dispatcher.execute("cross-entropy loss gradient", n * m);
                wrote(dg);
            }
            return weightSum > 0 ? total / weightSum : 0;
        } finally {
            memory.release(labelRegion, n * m);
        }
    }

    // ---- optimizers -----------------------------------------------------------------------------

    @Override
    public synchronized void sgdmUpdate(Tensor param, Tensor grad, Tensor velocity, float learnRate, float momentum,
                                        float l2) {
        OpChecks.sameShape("sgdm update", param, grad, velocity);
        DeviceTensor p = in(param);
        DeviceTensor g = in(grad);
        DeviceTensor v = in(velocity);
        kernel.dst = p.offset;
        kernel.src = g.offset;
        kernel.aux1 = v.offset;
        kernel.alpha = learnRate;
        kernel.beta = momentum;
        kernel.gamma = l2;
        kernel.op = DeviceKernel.SGDM;
        dispatcher.execute("sgdm update", param.size());
        wrote(p);
        wrote(v);
    }

    @Override
    public synchronized void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float learnRate, float beta1,
                                        float beta2, float epsilon, int step, float l2) {
        OpChecks.sameShape("adam update", param, grad, m);
        OpChecks.sameShape("adam update", param, v);
        if (step < 1) {
            throw new IllegalArgumentException("adam update: step must be >= 1, got " + step);
        }
        DeviceTensor p = in(param);
        DeviceTensor g = in(grad);
        DeviceTensor dm = in(m);
        DeviceTensor dv = in(v);
        kernel.dst = p.offset;
        kernel.src = g.offset;
        kernel.aux1 = dm.offset;
        kernel.aux2 = dv.offset;
        kernel.alpha = learnRate;
        kernel.beta = beta1;
        kernel.gamma = beta2;
        kernel.epsilon = epsilon;
        kernel.l2 = l2;
        kernel.correction1 = 1 - Math.pow(beta1, step);
        kernel.correction2 = 1 - Math.pow(beta2, step);
        kernel.op = DeviceKernel.ADAM;
        dispatcher.execute("adam update", param.size());
        wrote(p);
        wrote(dm);
        wrote(dv);
    }

    private static Shape shapeOf(Tensor t) {
        return t == null ? null : t.shape();
    }
}
