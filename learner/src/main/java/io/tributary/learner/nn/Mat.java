package io.tributary.learner.nn;

/**
 * A row-major float32 matrix in a {@link ComputeBackend}'s memory: either owned (a workspace activation, a flat
 * parameter vector) or a view into an owned one (one layer's weights or bias inside the flat parameter vector).
 * Only the backend that made it reads or writes its elements.
 */
public interface Mat {

    int rows();

    int cols();

    default int size() {
        return rows() * cols();
    }
}
