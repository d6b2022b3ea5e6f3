package io.tributary.learner.nn;

import java.nio.FloatBuffer;

/**
 * The operations the networks are built from, on matrices that live in the backend's memory. The networks
 * ({@link Mlp}, {@link PolicyNetwork}, {@link ValueNetwork}) say what to compute; a backend says where and how.
 * Today's backend is {@link CpuBackend} (BLAS sgemm on ND4J's native memory and fused Java loops); a GPU backend
 * implements the same operations on device memory (issue 15).
 *
 * <p>Memory: every matrix is made by the backend ({@link #matrix}, {@link #view}) and read by the host only through
 * {@link #host}, which for the CPU backend is the matrix's own memory (no copy). A backend instance serves one
 * thread: it may keep scratch space between calls.
 */
public interface ComputeBackend {

    /** A short name for logs and benchmarks. */
    String name();

    /** A zeroed, owned {@code rows x cols} matrix. */
    Mat matrix(int rows, int cols);

    /** A {@code rows x cols} view whose first element is element {@code offset} of owned matrix {@code base}. */
    Mat view(Mat base, int offset, int rows, int cols);

    /**
     * The host-visible memory of an owned matrix, element (r, c) at index {@code r * cols + c}. Host writes are seen
     * by the next backend operation, backend results by the next host read.
     */
    FloatBuffer host(Mat owned);

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
