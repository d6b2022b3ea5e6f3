package io.tributary.learner.nn;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The host side of a backend whose matrices live in memory the host cannot address (a GPU's device memory from
 * {@code cudaMalloc}): each owned matrix gets a host copy on its first {@link #host}/{@link #hostRead}, and data
 * moves between the two copies only where the seam's contract needs it, never per element and never behind the
 * caller's back.
 *
 * <p>Per owned matrix the backend knows which copy is current ({@link Current}):
 * <ul>
 *   <li>an operation ({@link #operands}) first copies to the device every operand whose host copy is newer (its
 *       output too: an operation may write only a view of it, or accumulate into it), then marks its output's host
 *       copy stale;</li>
 *   <li>{@link #hostRead} copies a stale host copy from the device and waits for it; {@link #host} does the same
 *       and then marks the host copy newer, since the caller may write it;</li>
 *   <li>{@link #deviceOnly} runs work that must not transfer anything (a CUDA graph capture, kernels outside the
 *       seam): it first copies every newer host copy to the device, forbids host access inside, and afterwards
 *       counts every host copy as stale, because the work may have written any matrix.</li>
 * </ul>
 * Transfers and operations are queued in order; the host waits only in {@link #hostRead}/{@link #host} (for a
 * download, or before handing out a buffer that a queued upload may still be reading).
 */
public abstract class MirroredBackend implements ComputeBackend {

    /** Which copy of an owned matrix holds its current elements. */
    public enum Current {
        /** The device's; the host copy is stale or not made yet. */
        DEVICE,
        /** The host's: written through {@link #host} since the last upload. */
        HOST,
        /** Both hold the same elements. */
        BOTH
    }

    /** An owned matrix, or a view of one (the owner keeps the state for both). */
    public abstract static class Matrix implements Mat {
        private final Matrix owner;
        private final int offset;
        private final int rows;
        private final int cols;
        private Current current = Current.DEVICE; // a new matrix is zeroed on the device
        private FloatBuffer hostCopy;
        private FloatBuffer hostReadOnly;

        /** An owned matrix. */
        protected Matrix(int rows, int cols) {
            this.owner = this;
            this.offset = 0;
            this.rows = rows;
            this.cols = cols;
        }

        /** A view: {@code rows x cols} elements from element {@code offset} of {@code owner}. */
        protected Matrix(Matrix owner, int offset, int rows, int cols) {
            if (!owner.owned()) throw new IllegalArgumentException("views are taken of owned matrices, not of views");
            if (offset < 0 || (long) offset + (long) rows * cols > owner.size()) {
                throw new IllegalArgumentException("view [" + offset + ", +" + rows + "x" + cols + ") outside a matrix of "
                        + owner.size() + " elements");
            }
            this.owner = owner;
            this.offset = offset;
            this.rows = rows;
            this.cols = cols;
        }

        public final Matrix owner() {
            return owner;
        }

        public final boolean owned() {
            return owner == this;
        }

        /** The first element's index in the owner. */
        public final int offset() {
            return offset;
        }

        /** The owner's host copy, null until the host first asked for it. */
        protected final FloatBuffer hostCopy() {
            return owner.hostCopy;
        }

        public final Current current() {
            return owner.current;
        }

        @Override
        public final int rows() {
            return rows;
        }

        @Override
        public final int cols() {
            return cols;
        }
    }

    private final List<Matrix> owners = new ArrayList<>();
    private boolean queued;
    private int deviceOnly;
    private long uploads;
    private long downloads;

    /** Keeps a new owned matrix (zeroed on the device by the subclass) under this bookkeeping. */
    protected final <M extends Matrix> M register(M owned) {
        if (!owned.owned()) throw new IllegalArgumentException("only owned matrices are registered");
        owners.add(owned);
        return owned;
    }

    /** Drops an owned matrix from the bookkeeping (the subclass frees its memory). */
    protected final void unregister(Matrix owned) {
        owners.remove(owned);
    }

    /** Host memory for owned matrix {@code m}'s {@code m.size()} elements that the backend can copy to and from. */
    protected abstract FloatBuffer allocateHostCopy(Matrix m);

    /** Queues the copy of owned matrix {@code m}'s host copy to its device memory. */
    protected abstract void enqueueUpload(Matrix m);

    /** Queues the copy of owned matrix {@code m}'s device memory to its host copy. */
    protected abstract void enqueueDownload(Matrix m);

    /** Waits for everything queued (operations and copies). */
    protected abstract void waitForQueue();

    /** Called when {@code m}'s host copy stops being current (a backend may poison it to catch stale reads). */
    protected void hostCopyStale(Matrix m) {}

    /** Called when {@code m}'s device copy stops being current (a backend may poison it to catch missed uploads). */
    protected void deviceCopyStale(Matrix m) {}

    /**
     * Before an operation that writes {@code out} and reads {@code in}: the device copies of all of them made current,
     * {@code out}'s host copy marked stale. Every operation of a subclass calls this first, then queues its work.
     */
    protected final void operands(Mat out, Mat... in) {
        for (Mat m : in) toDevice(mirrored(m).owner);
        Matrix o = mirrored(out).owner;
        toDevice(o);
        if (o.current != Current.DEVICE) {
            o.current = Current.DEVICE;
            hostCopyStale(o);
        }
        queued = true;
    }

    private void toDevice(Matrix owner) {
        if (owner.current != Current.HOST) return;
        if (deviceOnly > 0) throw new IllegalStateException("a host copy is newer inside device-only work");
        enqueueUpload(owner);
        uploads++;
        owner.current = Current.BOTH;
        queued = true;
    }

    @Override
    public final FloatBuffer host(Mat owned) {
        Matrix m = hostCurrent(owned);
        if (queued) {
            // a queued upload may still read this host copy
            waitForQueue();
            queued = false;
        }
        if (m.current != Current.HOST) {
            m.current = Current.HOST;
            deviceCopyStale(m);
        }
        return m.hostCopy;
    }

    @Override
    public final FloatBuffer hostRead(Mat owned) {
        return hostCurrent(owned).hostReadOnly;
    }

    private Matrix hostCurrent(Mat owned) {
        Matrix m = mirrored(owned);
        if (!m.owned()) throw new IllegalArgumentException("host access is for owned matrices; a view shares its owner's");
        if (deviceOnly > 0) throw new IllegalStateException("host access inside device-only work (a graph capture)");
        if (m.hostCopy == null) {
            m.hostCopy = allocateHostCopy(m);
            m.hostReadOnly = m.hostCopy.asReadOnlyBuffer();
        }
        if (m.current == Current.DEVICE) {
            enqueueDownload(m);
            downloads++;
            waitForQueue();
            queued = false;
            m.current = Current.BOTH;
        }
        return m;
    }

    /**
     * Runs {@code work}, which queues device work outside the seam's bookkeeping (kernels writing any matrix, a graph
     * capture or replay): every newer host copy is uploaded first, host access and transfers are refused inside, and
     * afterwards every host copy counts as stale.
     */
    public final void deviceOnly(Runnable work) {
        if (deviceOnly == 0) {
            for (Matrix m : owners) toDevice(m);
        }
        deviceOnly++;
        try {
            work.run();
        } finally {
            deviceOnly--;
            queued = true;
            if (deviceOnly == 0) {
                for (Matrix m : owners) {
                    if (m.current == Current.BOTH) {
                        m.current = Current.DEVICE;
                        hostCopyStale(m);
                    }
                }
            }
        }
    }

    /** True inside {@link #deviceOnly}. */
    protected final boolean inDeviceOnly() {
        return deviceOnly > 0;
    }

    /** Host-to-device copies of whole matrices so far (for tests and logs). */
    public final long uploads() {
        return uploads;
    }

    /** Device-to-host copies of whole matrices so far. */
    public final long downloads() {
        return downloads;
    }

    /** The owned matrices, for a subclass that frees them. */
    protected final List<Matrix> owners() {
        return owners;
    }

    /** This backend's matrix, or an error naming the other backend's. */
    protected static Matrix mirrored(Mat m) {
        if (m instanceof Matrix x) return x;
        throw new IllegalArgumentException("a backend with its own memory was given a matrix of another backend: "
                + m.getClass().getName());
    }
}
