package dev.dicenet.aparapi;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.ConvGeometry;
import dev.dicenet.tensor.ConvSpec;
import dev.dicenet.tensor.DiceOptions;
import dev.dicenet.tensor.LabelMap;
import dev.dicenet.tensor.LossGradient;
import dev.dicenet.tensor.OpChecks;
import dev.dicenet.tensor.Shape;
import dev.dicenet.tensor.Tensor;
import java.util.LinkedHashSet;

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
    /** Chunks of sum and dot. */
    private static final int SUM_CHUNKS = 256;

    private final OpenCLDevice device;
    private final DeviceKernel kernel = new DeviceKernel();
    private final Dispatcher dispatcher;
    private final DeviceMemory memory;
    private final Residency residency;
    private final DeviceConvolution convolution;
    private final DeviceLosses losses;
    private boolean closed;

    private AparapiBackend(OpenCLDevice device) {
        this.device = device;
        kernel.setExplicit(true); // nothing moves between host and device unless asked
        LinkedHashSet<Device> only = new LinkedHashSet<>();
        only.add(device);
        KernelManager.instance().setPreferredDevices(kernel, only);
        dispatcher = new Dispatcher(kernel, device);
        memory = new DeviceMemory(kernel, dispatcher, device.getMaxMemAllocSize(), device.isSharedMemory());
        residency = new Residency(this, memory);
        convolution = new DeviceConvolution(kernel, dispatcher, memory, residency);
        losses = new DeviceLosses(kernel, dispatcher, memory, residency);
        // a backend dropped without close() frees its device too
        Residency.CLEANER.register(this, new DisposeKernel(kernel));
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
        var availability = OpenCLProbe.result().availability;
        if (!availability.isAvailable()) {
            throw new IllegalStateException("aparapi backend unavailable: " + availability.reason());
        }
        return new AparapiBackend(OpenCLDevices.choose(OpenCLDevices.list()));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The device, e.g. "pthread-skylake-avx512 (CPU, Portable Computing Language)". */
    public String deviceDescription() {
        return Dispatcher.describe(device);
    }

    /** True while every execution runs as OpenCL (false only after an accepted Java fallback). */
    public synchronized boolean runningOpenCL() {
        return dispatcher.runningOpenCL();
    }

    /** Device memory and transfer counters. */
    public synchronized MemoryStats memoryStats() {
        return new MemoryStats(memory.capacityBytes(), memory.inUseBytes(), residency.liveTensors(),
                residency.uploads(), residency.downloads(), memory.bytesToDevice(), memory.bytesToHost(),
                dispatcher.executions());
    }

    // ---- residency ------------------------------------------------------------------------------

    @Override
    public synchronized Tensor zeros(Shape shape) {
        Tensor t = Tensor.zeros(shape);
        DeviceTensor d = residency.attach(t);
        fillRegion(d.offset, d.length, 0f);
        d.deviceCurrent = true;
        return t;
    }

    private DeviceTensor in(Tensor t) {
        return residency.in(t);
    }

    private DeviceTensor out(Tensor t) {
        return residency.out(t);
    }

    private static void wrote(DeviceTensor d) {
        Residency.wrote(d);
    }

    /** Copies the tensor's device values to the host if newer, then frees its device region. */
    @Override
    public synchronized void release(Tensor t) {
        residency.release(t);
    }

    /**
     * Copies every tensor whose newest values are on the device back to the host, then frees the
     * device buffers and the compiled kernel. The tensors remain usable on the host (and on another
     * backend); this backend is not.
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            residency.close();
            closed = true;
            kernel.dispose();
        }
    }

    // ---- convolution ----------------------------------------------------------------------------

    @Override
    public synchronized void conv(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        convolution.forward("conv", ConvGeometry.forConv(x.shape(), w.shape(), shapeOf(bias), y.shape(), spec),
                x, w, bias, null, null, false, y);
    }

    @Override
    public synchronized void convRelu(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        convolution.forward("conv relu", ConvGeometry.forConv(x.shape(), w.shape(), shapeOf(bias), y.shape(), spec),
                x, w, bias, null, null, true, y);
    }

    @Override
    public synchronized void convOfAffineInput(Tensor x, Tensor scale, Tensor offset, Tensor normalized, Tensor w,
                                               Tensor bias, ConvSpec spec, boolean relu, Tensor y) {
        OpChecks.channelAffine("conv of affine input", x, scale, offset);
        OpChecks.sameShape("conv of affine input workspace", x, normalized);
        convolution.forward("conv of affine input", ConvGeometry.forConv(x.shape(), w.shape(), shapeOf(bias), y.shape(), spec),
                x, w, bias, scale, offset, relu, y);
    }

    @Override
    public synchronized void convBackwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        convolution.gather("conv backward data", ConvGeometry.forConv(dx.shape(), w.shape(), null, dy.shape(), spec), dy, w, null, dx);
    }

    @Override
    public synchronized void convTranspose(Tensor x, Tensor w, Tensor bias, ConvSpec spec, Tensor y) {
        convolution.gather("transposed conv", ConvGeometry.forTransposed(x.shape(), w.shape(), shapeOf(bias), y.shape(), spec),
                x, w, bias, y);
    }

    @Override
    public synchronized void convTransposeBackwardData(Tensor dy, Tensor w, ConvSpec spec, Tensor dx) {
        convolution.forward("transposed conv backward data",
                ConvGeometry.forTransposed(dx.shape(), w.shape(), null, dy.shape(), spec), dy, w, null, null, null,
                false, dx);
    }

    @Override
    public synchronized void convBackwardWeights(Tensor dy, Tensor x, ConvSpec spec, Tensor dw) {
        convolution.weights("conv backward weights", ConvGeometry.forConv(x.shape(), dw.shape(), null, dy.shape(), spec), dy, x,
                null, null, dw);
    }

    @Override
    public synchronized void convBackwardWeightsOfAffineInput(Tensor dy, Tensor x, Tensor scale, Tensor offset,
                                                              Tensor normalized, ConvSpec spec, Tensor dw) {
        OpChecks.channelAffine("conv backward weights of affine input", x, scale, offset);
        convolution.weights("conv backward weights of affine input",
                ConvGeometry.forConv(x.shape(), dw.shape(), null, dy.shape(), spec), dy, x, scale, offset, dw);
    }

    @Override
    public synchronized void convTransposeBackwardWeights(Tensor dy, Tensor x, ConvSpec spec, Tensor dw) {
        convolution.weights("transposed conv backward weights",
                ConvGeometry.forTransposed(x.shape(), dw.shape(), null, dy.shape(), spec), x, dy, null, null, dw);
    }

    @Override
    public synchronized void biasGradient(Tensor dy, Tensor db) {
        convolution.biasGradient(dy, db);
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
        int chunks = Math.max(1, Math.min(SUM_CHUNKS, n / 1024));
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
        return losses.dice(y, labels, options, grad, target, perObservation);
    }

    @Override
    public synchronized double crossEntropyLoss(Tensor y, LabelMap labels, float[] classWeights, Tensor grad,
                                                LossGradient target) {
        return losses.crossEntropy(y, labels, classWeights, grad, target);
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
