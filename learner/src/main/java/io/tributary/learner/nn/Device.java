package io.tributary.learner.nn;

import io.tributary.learner.nn.cuda.CudaBackend;
import io.tributary.learner.nn.cuda.CudaNative;
import io.tributary.learner.nn.cuda.CudaUnavailableException;

/**
 * Where the learner's networks run: {@code cpu} ({@link CpuBackend}, ND4J's native memory and OpenBLAS) or
 * {@code cuda[:N]} ({@link CudaBackend} on device N, default 0). The command line's {@code --device}. Each route's
 * classes are loaded only when it is opened, so the CUDA route runs without ND4J's native jar on the class path.
 */
public record Device(Kind kind, int ordinal) {

    public enum Kind { CPU, CUDA }

    public static final Device CPU = new Device(Kind.CPU, 0);

    public Device {
        if (kind == Kind.CPU && ordinal != 0) throw new IllegalArgumentException("the cpu device has no ordinal");
        if (ordinal < 0) throw new IllegalArgumentException("a CUDA device ordinal is >= 0, was " + ordinal);
    }

    /** {@code cpu}, {@code cuda} (device 0) or {@code cuda:N}. */
    public static Device parse(String s) {
        String v = s.trim().toLowerCase(java.util.Locale.ROOT);
        if (v.equals("cpu")) return CPU;
        if (v.equals("cuda")) return new Device(Kind.CUDA, 0);
        if (v.startsWith("cuda:")) {
            try {
                int n = Integer.parseInt(v.substring(5));
                if (n >= 0) return new Device(Kind.CUDA, n);
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new IllegalArgumentException("--device must be cpu, cuda or cuda:N (N >= 0), was '" + s + "'");
    }

    public boolean isCuda() {
        return kind == Kind.CUDA;
    }

    /**
     * Fails now, with the message naming what is missing, when this device cannot be used: for commands that check
     * before they create run directories or start actors. The CPU is always there.
     */
    public void requireAvailable() {
        if (kind == Kind.CPU) return;
        int count = CudaNative.get().deviceCount();
        if (ordinal >= count) {
            throw new CudaUnavailableException("--device " + this + ": this machine has " + count
                    + " CUDA device(s), numbered 0 to " + (count - 1));
        }
    }

    /** A new backend on this device. */
    public ComputeBackend open() {
        return kind == Kind.CPU ? CpuBackend.forThisProcess() : CudaBackend.open(ordinal);
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "cuda:" + ordinal;
    }
}
