package io.tributary.learner.nn.cuda;

import io.tributary.learner.nn.Activation;
import io.tributary.learner.nn.ComputeBackend;
import io.tributary.learner.nn.Mat;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The compute seam on one CUDA device: matrices in managed memory, products by cuBLAS sgemm, the elementwise
 * operations as NVRTC-compiled kernels ({@link CudaKernels}), all on one stream.
 *
 * <p>Host access: the seam lets the host read and write any owned matrix through {@link #host} between operations
 * (Ppo's host loss, Adam, the weights copy, the observation upload). Managed memory gives the host that view
 * without copies in Java; the contract "backend results are seen by the next host read" is kept by waiting for the
 * stream at the end of every operation, except inside {@link #enqueueOnly}, where a caller that reads nothing on
 * the host in between (a graph capture: {@link CudaPpoStep}) lets the work queue up.
 *
 * <p>Threads: the runtime's current device is per thread, so each operation makes this backend's device current
 * when called from a thread other than the last one (the learner builds on one thread and trains on another).
 */
public final class CudaBackend implements ComputeBackend, AutoCloseable {

    /** cuBLAS's fixed workspace: with it, cuBLAS allocates nothing while a graph is captured. */
    private static final long CUBLAS_WORKSPACE_BYTES = 32L << 20;

    final CudaNative cuda;
    final int device;
    final int computeCapability;
    final MemorySegment stream;
    final MemorySegment cublas;
    final CudaKernels kernels;
    private final MemorySegment one = CudaNative.hostFloat(1f);
    private final MemorySegment zero = CudaNative.hostFloat(0f);
    private final List<MemorySegment> allocations = new ArrayList<>();
    private boolean deferSync;
    private Thread boundThread;

    private CudaBackend(CudaNative cuda, int device) {
        this.cuda = cuda;
        this.device = device;
        int count = cuda.deviceCount();
        if (device < 0 || device >= count) {
            throw new CudaUnavailableException("--device cuda:" + device + ": this machine has " + count
                    + " CUDA device(s), numbered 0 to " + (count - 1));
        }
        cuda.setDevice(device);
        boundThread = Thread.currentThread();
        this.computeCapability = cuda.computeCapability(device);
        this.stream = cuda.createStream();
        this.cublas = cuda.cublasCreate();
        cuda.cublasSetStream(cublas, stream);
        MemorySegment ws = cuda.malloc(CUBLAS_WORKSPACE_BYTES);
        allocations.add(ws);
        cuda.cublasSetWorkspace(cublas, ws, CUBLAS_WORKSPACE_BYTES); // after SetStream, which resets the workspace
        this.kernels = new CudaKernels(cuda, computeCapability);
    }

    /** The backend on device {@code ordinal}; {@link CudaUnavailableException} when the libraries or device are missing. */
    public static CudaBackend open(int ordinal) {
        return new CudaBackend(CudaNative.get(), ordinal);
    }

    @Override
    public String name() {
        return "cuda:" + device + "-sm" + computeCapability;
    }

    public int device() {
        return device;
    }

    @Override
    public Mat matrix(int rows, int cols) {
        bind();
        long bytes = 4L * rows * cols;
        MemorySegment p = cuda.mallocManaged(bytes);
        allocations.add(p);
        cuda.memsetAsync(p, 0, Math.max(bytes, 4), stream);
        cuda.synchronize(stream);
        FloatBuffer host = p.reinterpret(Math.max(bytes, 4)).asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
        return new CudaMat(p, host, true, rows, cols);
    }

    @Override
    public Mat view(Mat base, int offset, int rows, int cols) {
        CudaMat b = cuda(base);
        if (!b.owned) throw new IllegalArgumentException("views are taken of owned matrices, not of views");
        if (offset < 0 || (long) offset + (long) rows * cols > b.size()) {
            throw new IllegalArgumentException("view [" + offset + ", +" + rows + "x" + cols + ") outside a matrix of "
                    + b.size() + " elements");
        }
        return new CudaMat(MemorySegment.ofAddress(b.ptr.address() + 4L * offset), null, false, rows, cols);
    }

    @Override
    public FloatBuffer host(Mat owned) {
        CudaMat m = cuda(owned);
        if (!m.owned) throw new IllegalArgumentException("host() is for owned matrices; a view shares its owner's");
        return m.host;
    }

    /**
     * Row-major {@code C = op(A) op(B) + beta C} through column-major cuBLAS: a row-major matrix is its transpose in
     * column-major, so cuBLAS computes {@code C^T = op(B)^T op(A)^T} with the operands swapped, each leading dimension
     * being the row-major column count.
     */
    @Override
    public void gemm(Mat a, boolean transposeA, Mat b, boolean transposeB, float beta, Mat c) {
        bind();
        CudaMat am = cuda(a);
        CudaMat bm = cuda(b);
        CudaMat cm = cuda(c);
        int m = cm.rows();
        int n = cm.cols();
        int k = transposeA ? am.rows() : am.cols();
        if ((transposeA ? am.cols() : am.rows()) != m || (transposeB ? bm.rows() : bm.cols()) != n
                || (transposeB ? bm.cols() : bm.rows()) != k) {
            throw new IllegalArgumentException("gemm shapes: op(A) " + am.rows() + "x" + am.cols() + (transposeA ? "^T" : "")
                    + ", op(B) " + bm.rows() + "x" + bm.cols() + (transposeB ? "^T" : "") + ", C " + m + "x" + n);
        }
        cuda.sgemm(cublas, transposeB ? CudaNative.CUBLAS_OP_T : CudaNative.CUBLAS_OP_N,
                transposeA ? CudaNative.CUBLAS_OP_T : CudaNative.CUBLAS_OP_N, n, m, k, one, bm.ptr, bm.cols(), am.ptr,
                am.cols(), beta == 0f ? zero : one, cm.ptr, cm.cols());
        done();
    }

    @Override
    public void biasActivation(Mat y, Mat bias, Activation act) {
        bind();
        CudaMat ym = cuda(y);
        kernels.launch("bias_act", CudaKernels.blocks(ym.size(), 256), 256, stream, ym.ptr, cuda(bias).ptr, ym.rows(),
                ym.cols(), act.ordinal());
        done();
    }

    @Override
    public void scaleByDerivative(Mat d, Mat y, Activation act) {
        if (act == Activation.IDENTITY) return;
        bind();
        CudaMat dm = cuda(d);
        kernels.launch("scale_by_derivative", CudaKernels.blocks(dm.size(), 256), 256, stream, dm.ptr, cuda(y).ptr,
                (long) dm.size(), act.ordinal());
        done();
    }

    @Override
    public void columnSums(Mat d, Mat out) {
        bind();
        CudaMat dm = cuda(d);
        kernels.launch("column_sums", (dm.cols() + 31) / 32, 256, stream, dm.ptr, cuda(out).ptr, dm.rows(), dm.cols());
        done();
    }

    /**
     * Runs {@code work} with every operation queued on the stream and none waited for: for callers that do not read
     * results on the host until they synchronize themselves (a graph capture must not wait).
     */
    public void enqueueOnly(Runnable work) {
        boolean was = deferSync;
        deferSync = true;
        try {
            work.run();
        } finally {
            deferSync = was;
        }
    }

    /** Waits for everything queued on this backend's stream. */
    public void synchronize() {
        bind();
        cuda.synchronize(stream);
    }

    /** The device address of a matrix's first element (for kernels outside the seam). */
    static MemorySegment address(Mat m) {
        return cuda(m).ptr;
    }

    /** Device memory owned by this backend (freed with it). */
    MemorySegment deviceBuffer(long bytes) {
        bind();
        MemorySegment p = cuda.malloc(bytes);
        allocations.add(p);
        cuda.memsetAsync(p, 0, bytes, stream);
        return p;
    }

    void bind() {
        Thread t = Thread.currentThread();
        if (t != boundThread) {
            cuda.setDevice(device);
            boundThread = t;
        }
    }

    private void done() {
        if (!deferSync) cuda.synchronize(stream);
    }

    @Override
    public void close() {
        bind();
        cuda.synchronize(stream);
        for (MemorySegment p : allocations) cuda.free(p);
        allocations.clear();
    }

    private static CudaMat cuda(Mat m) {
        if (m instanceof CudaMat c) return c;
        throw new IllegalArgumentException("the CUDA backend was given a matrix of another backend: " + m.getClass().getName());
    }
}
