package io.tributary.learner.nn.cuda;

import io.tributary.learner.nn.Activation;
import io.tributary.learner.nn.MirroredBackend;
import io.tributary.learner.nn.Mat;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The compute seam on one CUDA device: matrices in device memory ({@code cudaMalloc}), products by cuBLAS sgemm, the
 * elementwise operations as NVRTC-compiled kernels ({@link CudaKernels}), all queued on one stream and waited for
 * only when the host needs a result.
 *
 * <p>Host access ({@link #host}, {@link #hostRead}) goes through page-locked host copies made on first use
 * ({@code cudaMallocHost}) and explicit {@code cudaMemcpyAsync} on the stream, as {@link MirroredBackend} decides:
 * a download and a stream wait when the host reads a matrix the device has written, an upload queued before the next
 * operation that reads a matrix the host has written. No managed memory: the device's memory holds exactly what was
 * asked for, and nothing migrates behind the program's back. {@link #deviceOnly} brackets work outside the seam
 * (the loss kernels, a CUDA graph capture or replay: {@link CudaPpoStep}).
 *
 * <p>Threads: the runtime's current device is per thread, so each operation makes this backend's device current
 * when called from a thread other than the last one (the learner builds on one thread and trains on another).
 */
public final class CudaBackend extends MirroredBackend implements AutoCloseable {

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
    /** Device scratch outside the matrices ({@link #deviceBuffer}) and the cuBLAS workspace. */
    private final List<MemorySegment> scratch = new ArrayList<>();
    /** Page-locked staging outside the matrices ({@link #pinnedBuffer}). */
    private final List<MemorySegment> staging = new ArrayList<>();
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
        scratch.add(ws);
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
        if (inDeviceOnly()) throw new IllegalStateException("cudaMalloc inside device-only work (a graph capture)");
        long bytes = Math.max(4L, 4L * rows * cols);
        MemorySegment p = cuda.malloc(bytes);
        cuda.memsetAsync(p, 0, bytes, stream);
        return register(new CudaMat(p, rows, cols));
    }

    @Override
    public Mat view(Mat base, int offset, int rows, int cols) {
        return new CudaMat(cuda(base), offset, rows, cols);
    }

    @Override
    protected FloatBuffer allocateHostCopy(Matrix m) {
        CudaMat c = (CudaMat) m;
        bind();
        c.pinned = cuda.mallocHost(c.bytes());
        return c.pinned.asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer().limit(c.size());
    }

    @Override
    protected void enqueueUpload(Matrix m) {
        CudaMat c = (CudaMat) m;
        bind();
        cuda.copyToDevice(c.ptr, c.pinned, c.bytes(), stream);
    }

    @Override
    protected void enqueueDownload(Matrix m) {
        CudaMat c = (CudaMat) m;
        bind();
        cuda.copyToHost(c.pinned, c.ptr, c.bytes(), stream);
    }

    @Override
    protected void waitForQueue() {
        bind();
        cuda.synchronize(stream);
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
        operands(c, a, b);
        cuda.sgemm(cublas, transposeB ? CudaNative.CUBLAS_OP_T : CudaNative.CUBLAS_OP_N,
                transposeA ? CudaNative.CUBLAS_OP_T : CudaNative.CUBLAS_OP_N, n, m, k, one, bm.ptr, bm.cols(), am.ptr,
                am.cols(), beta == 0f ? zero : one, cm.ptr, cm.cols());
    }

    @Override
    public void biasActivation(Mat y, Mat bias, Activation act) {
        bind();
        CudaMat ym = cuda(y);
        operands(y, bias);
        kernels.launch("bias_act", CudaKernels.blocks(ym.size(), 256), 256, stream, ym.ptr, cuda(bias).ptr, ym.rows(),
                ym.cols(), act.ordinal());
    }

    @Override
    public void scaleByDerivative(Mat d, Mat y, Activation act) {
        if (act == Activation.IDENTITY) return;
        bind();
        CudaMat dm = cuda(d);
        operands(d, y);
        kernels.launch("scale_by_derivative", CudaKernels.blocks(dm.size(), 256), 256, stream, dm.ptr, cuda(y).ptr,
                (long) dm.size(), act.ordinal());
    }

    @Override
    public void columnSums(Mat d, Mat out) {
        bind();
        CudaMat dm = cuda(d);
        operands(out, d);
        kernels.launch("column_sums", (dm.cols() + 31) / 32, 256, stream, dm.ptr, cuda(out).ptr, dm.rows(), dm.cols());
    }

    /** The device address of a matrix's first element (for kernels outside the seam, inside {@link #deviceOnly}). */
    static MemorySegment address(Mat m) {
        return cuda(m).ptr;
    }

    /** Zeroed device memory owned by this backend (freed with it, or by {@link #free}). */
    MemorySegment deviceBuffer(long bytes) {
        bind();
        MemorySegment p = cuda.malloc(bytes);
        scratch.add(p);
        cuda.memsetAsync(p, 0, bytes, stream);
        return p;
    }

    /** Page-locked host memory owned by this backend, sized for Java access (freed with it, or by {@link #free}). */
    MemorySegment pinnedBuffer(long bytes) {
        bind();
        MemorySegment p = cuda.mallocHost(bytes);
        staging.add(p);
        return p;
    }

    /** Frees a {@link #deviceBuffer} or {@link #pinnedBuffer} after the stream has drained (nothing queued reads it). */
    void free(MemorySegment p) {
        bind();
        cuda.synchronize(stream);
        if (scratch.removeIf(q -> q.address() == p.address())) {
            cuda.free(p);
        } else if (staging.removeIf(q -> q.address() == p.address())) {
            cuda.freeHost(p);
        } else {
            throw new IllegalArgumentException("not a buffer of this backend: 0x" + Long.toHexString(p.address()));
        }
    }

    void bind() {
        Thread t = Thread.currentThread();
        if (t != boundThread) {
            cuda.setDevice(device);
            boundThread = t;
        }
    }

    @Override
    public void close() {
        bind();
        cuda.synchronize(stream);
        for (Matrix m : owners()) {
            CudaMat c = (CudaMat) m;
            cuda.free(c.ptr);
            if (c.pinned != null) cuda.freeHost(c.pinned);
        }
        owners().clear();
        for (MemorySegment p : scratch) cuda.free(p);
        scratch.clear();
        for (MemorySegment p : staging) cuda.freeHost(p);
        staging.clear();
    }

    private static CudaMat cuda(Mat m) {
        if (m instanceof CudaMat c) return c;
        throw new IllegalArgumentException("the CUDA backend was given a matrix of another backend: " + m.getClass().getName());
    }
}
