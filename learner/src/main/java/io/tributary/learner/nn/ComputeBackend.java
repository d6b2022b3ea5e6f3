package io.tributary.learner.nn;

import java.nio.FloatBuffer;

/**
 * The operations the networks are built from, on matrices that live in the backend's memory. The networks
 * ({@link Mlp}, {@link PolicyNetwork}, {@link ValueNetwork}) say what to compute; a backend says where and how.
 * {@link CpuBackend}: BLAS sgemm on ND4J's native memory and fused Java loops; {@code cuda.CudaBackend}: cuBLAS and
 * NVRTC-compiled kernels on a GPU's device memory.
 *
 * <p>Memory: every matrix is made by the backend ({@link #matrix}, {@link #view}) and reached by the host only through
 * {@link #host} and {@link #hostRead}. On the CPU backend those return the matrix's own memory; a GPU backend keeps
 * the matrix in device memory and hands out a host copy ({@link MirroredBackend}), so a buffer they return is good
 * until this backend's next operation: ask again after an operation to see its results. A backend instance serves
 * one thread at a time: it may keep scratch space between calls.
 */
public interface ComputeBackend {

    /** A short name for logs and benchmarks. */
    String name();

    /** A zeroed, owned {@code rows x cols} matrix. */
    Mat matrix(int rows, int cols);

    /** A {@code rows x cols} view whose first element is element {@code offset} of owned matrix {@code base}. */
    Mat view(Mat base, int offset, int rows, int cols);

    /**
     * The host's view of an owned matrix to read and write, element (r, c) at index {@code r * cols + c}. It holds
     * the results of every operation before this call; what is written through it is seen by the next operation.
     * Good until the backend's next operation.
     */
    FloatBuffer host(Mat owned);

    /**
     * As {@link #host}, read-only (writes throw {@code ReadOnlyBufferException}): a backend with its own memory then
     * has nothing to copy back before the next operation.
     */
    FloatBuffer hostRead(Mat owned);

    /** {@code c = op(a) . op(b) + beta * c}, {@code op} transposing when asked; {@code beta} is 0 or 1. */
    void gemm(Mat a, boolean transposeA, Mat b, boolean transposeB, float beta, Mat c);

    /**
     * {@code y[r][o] = act(y[r][o] + bias[o])}, bias a {@code 1 x cols} matrix. The activation's derivative is later
     * taken from this output ({@link #scaleByDerivative}).
     */
    void biasActivation(Mat y, Mat bias, Activation act);

    /**
     * {@code d[r][o] *= act'(.)} expressed through the activation's output {@code y} (tanh: {@code 1 - y^2}; relu:
     * {@code y > 0}), {@code y} being the result of the last {@link #biasActivation} into it, unchanged since.
     */
    void scaleByDerivative(Mat d, Mat y, Activation act);

    /** {@code out[o] = sum_r d[r][o]}, out a {@code 1 x cols} matrix (a bias gradient). */
    void columnSums(Mat d, Mat out);
}
