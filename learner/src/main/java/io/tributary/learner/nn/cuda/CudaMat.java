package io.tributary.learner.nn.cuda;

import io.tributary.learner.nn.Mat;
import java.lang.foreign.MemorySegment;
import java.nio.FloatBuffer;

/**
 * {@link CudaBackend}'s matrix: an address in CUDA managed memory (one address for host and device), row-major, and
 * for an owned matrix the host's view of the same memory. A view is an address inside its owner's allocation.
 */
final class CudaMat implements Mat {

    /** The first element's address (length 0: Java reads device data only through {@link #host}). */
    final MemorySegment ptr;
    /** The owner's host view; null for a view. */
    final FloatBuffer host;
    final boolean owned;
    private final int rows;
    private final int cols;

    CudaMat(MemorySegment ptr, FloatBuffer host, boolean owned, int rows, int cols) {
        this.ptr = ptr;
        this.host = host;
        this.owned = owned;
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
}
