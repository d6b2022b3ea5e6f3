package io.tributary.learner.nn;

import java.nio.FloatBuffer;

/**
 * The CUDA backend's memory model on the CPU, for tests that need no GPU: the "device" copies are a
 * {@link CpuBackend}'s matrices, the host copies separate heap buffers, and {@link MirroredBackend} (the bookkeeping
 * {@code CudaBackend} runs on) decides every copy between them. A copy that stops being current is filled with NaN:
 * a caller that keeps a host buffer past an operation that rewrote the matrix, or an operation that reads a matrix
 * whose newer elements are still on the host, computes with NaN instead of a plausible stale number. The arithmetic
 * is the CPU backend's, so results must equal the CPU route's bit for bit.
 */
public final class SplitMemoryBackend extends MirroredBackend {

    private static final class SplitMat extends MirroredBackend.Matrix {
        /** The "device" copy: an owned CPU matrix, or a view into the owner's. */
        final Mat device;

        SplitMat(Mat device, int rows, int cols) {
            super(rows, cols);
            this.device = device;
        }

        SplitMat(SplitMat owner, Mat device, int offset, int rows, int cols) {
            super(owner, offset, rows, cols);
            this.device = device;
        }
    }

    private final CpuBackend device = CpuBackend.forThisProcess();
    private long waits;

    @Override
    public String name() {
        return "split-memory(" + device.name() + ")";
    }

    @Override
    public Mat matrix(int rows, int cols) {
        return register(new SplitMat(device.matrix(rows, cols), rows, cols));
    }

    @Override
    public Mat view(Mat base, int offset, int rows, int cols) {
        SplitMat owner = split(base);
        if (!owner.owned()) throw new IllegalArgumentException("views are taken of owned matrices, not of views");
        return new SplitMat(owner, device.view(owner.device, offset, rows, cols), offset, rows, cols);
    }

    @Override
    protected FloatBuffer allocateHostCopy(Matrix m) {
        return FloatBuffer.allocate(m.size());
    }

    @Override
    protected void enqueueUpload(Matrix m) {
        device.host(split(m).device).put(0, m.hostCopy(), 0, m.size());
    }

    @Override
    protected void enqueueDownload(Matrix m) {
        m.hostCopy().put(0, device.hostRead(split(m).device), 0, m.size());
    }

    @Override
    protected void waitForQueue() {
        waits++;
    }

    @Override
    protected void hostCopyStale(Matrix m) {
        FloatBuffer h = m.hostCopy();
        if (h != null) for (int i = 0; i < m.size(); i++) h.put(i, Float.NaN);
    }

    @Override
    protected void deviceCopyStale(Matrix m) {
        FloatBuffer d = device.host(split(m).device);
        for (int i = 0; i < m.size(); i++) d.put(i, Float.NaN);
    }

    /** Times the host waited for the (here synchronous) queue: a download or a host write after queued work. */
    public long waits() {
        return waits;
    }

    @Override
    public void gemm(Mat a, boolean transposeA, Mat b, boolean transposeB, float beta, Mat c) {
        operands(c, a, b);
        device.gemm(split(a).device, transposeA, split(b).device, transposeB, beta, split(c).device);
    }

    @Override
    public void biasActivation(Mat y, Mat bias, Activation act) {
        operands(y, bias);
        device.biasActivation(split(y).device, split(bias).device, act);
    }

    @Override
    public void scaleByDerivative(Mat d, Mat y, Activation act) {
        operands(d, y);
        device.scaleByDerivative(split(d).device, split(y).device, act);
    }

    @Override
    public void columnSums(Mat d, Mat out) {
        operands(out, d);
        device.columnSums(split(d).device, split(out).device);
    }

    private static SplitMat split(Mat m) {
        if (m instanceof SplitMat s) return s;
        throw new IllegalArgumentException("not a split-memory matrix: " + m.getClass().getName());
    }
}
