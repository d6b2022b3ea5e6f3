package io.tributary.learner.nn;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A row-major float32 matrix operand: the ND4J array (for backends that multiply through ND4J) and, on the CPU
 * backend, a pointer to its first element for direct BLAS calls. {@code ptr} is null where BLAS is not used.
 */
public record Mat(INDArray array, FloatPointer ptr, int rows, int cols) {

    /** An owned array, or a view, whose first element is {@code offset} floats into {@code base}'s memory. */
    static Mat of(INDArray array, INDArray base, long offset, boolean withPointer) {
        FloatPointer p = null;
        if (withPointer) {
            p = new FloatPointer(base.data().addressPointer());
            p.position(offset);
        }
        return new Mat(array, p, (int) array.rows(), (int) array.columns());
    }
}
