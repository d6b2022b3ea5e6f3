package io.tributary.learner.nn;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link CpuBackend}'s matrix: ND4J native memory seen three ways: the ND4J array (for {@code Nd4j.gemm}), a
 * pointer to the first element (for {@code cblas_sgemm}; null on the ND4J route) and the owner's direct
 * {@link FloatBuffer} with this matrix's offset into it (for the fused Java loops).
 */
final class CpuMat implements Mat {

    final INDArray array;
    final FloatPointer ptr;
    /** The owning matrix's memory; this matrix's element i is {@code buffer.get(offset + i)}. */
    final FloatBuffer buffer;
    /** {@link #buffer} read-only, for {@link CpuBackend#hostRead}. */
    final FloatBuffer readOnly;
    final int offset;
    private final int rows;
    private final int cols;
    /**
     * A heap copy of the last {@link CpuBackend#biasActivation} output: array loops vectorize, native-buffer
     * loops do not, and the derivative reads it back without a second copy. Made on first use.
     */
    private float[] mirror;

    CpuMat(INDArray array, FloatPointer ptr, FloatBuffer buffer, FloatBuffer readOnly, int offset, int rows, int cols) {
        this.array = array;
        this.ptr = ptr;
        this.buffer = buffer;
        this.readOnly = readOnly;
        this.offset = offset;
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    float[] mirror() {
        if (mirror == null) mirror = new float[rows * cols];
        return mirror;
    }

    /** The mirror as the last activation left it, or null when no activation has been written here. */
    float[] activationMirror() {
        return mirror;
    }
}
