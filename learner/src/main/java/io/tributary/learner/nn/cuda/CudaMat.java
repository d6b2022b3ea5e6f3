package io.tributary.learner.nn.cuda;

import io.tributary.learner.nn.MirroredBackend;
import java.lang.foreign.MemorySegment;

/**
 * {@link CudaBackend}'s matrix: row-major float32 in device memory ({@code cudaMalloc}). An owned matrix has its own
 * allocation and, once the host has asked for it, a page-locked host copy ({@code cudaMallocHost}); a view is an
 * address inside its owner's allocation.
 */
final class CudaMat extends MirroredBackend.Matrix {

    /** The first element's device address (length 0: Java never dereferences device memory). */
    final MemorySegment ptr;
    /** The owner's page-locked host copy, sized for Java access; null until made. */
    MemorySegment pinned;

    /** An owned matrix at {@code ptr}. */
    CudaMat(MemorySegment ptr, int rows, int cols) {
        super(rows, cols);
        this.ptr = ptr;
    }

    /** A view of {@code owner} from element {@code offset}. */
    CudaMat(CudaMat owner, int offset, int rows, int cols) {
        super(owner, offset, rows, cols);
        this.ptr = MemorySegment.ofAddress(owner.ptr.address() + 4L * offset);
    }

    /** The owner's allocation in bytes (at least 4: a zero-sized matrix still gets an address). */
    long bytes() {
        return Math.max(4L, 4L * owner().size());
    }
}
