package io.tributary.learner.nn;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J arrays for the fused path: float32, row-major, owned (never views), with a direct {@link FloatBuffer}
 * over the same native memory so that elementwise work runs as one Java loop instead of one ND4J op each.
 */
public final class Buffers {

    private Buffers() {}

    /** A zeroed float32 row-major array of the given shape. */
    public static INDArray create(long... shape) {
        return Nd4j.create(DataType.FLOAT, shape, 'c');
    }

    /** A Java view of an owned array's memory; element i is {@code buffer.get(i)}. */
    public static FloatBuffer view(INDArray a) {
        if (a.dataType() != DataType.FLOAT) throw new IllegalArgumentException("expected float32, was " + a.dataType());
        if (a.offset() != 0 || a.ordering() != 'c') {
            throw new IllegalArgumentException("expected an owned row-major array, got a view or 'f' order");
        }
        return a.data().asNioFloat();
    }
}
