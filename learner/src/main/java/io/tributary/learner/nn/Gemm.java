package io.tributary.learner.nn;

import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link CpuBackend}'s matrix product {@code C = op(A) . op(B) + beta * C} on row-major float32 matrices, by one of
 * two routes:
 * <ul>
 *   <li>{@link #CBLAS}: {@code cblas_sgemm} of the OpenBLAS that ND4J's CPU backend ships, called on the arrays'
 *       memory directly. Measured 5-10x cheaper than {@code Nd4j.gemm} at these sizes (see docs/BENCHMARKS.md).</li>
 *   <li>{@link #ND4J}: {@code Nd4j.gemm} into the preallocated result; works on every backend (CUDA included).</li>
 * </ul>
 * The default is CBLAS on the CPU backend and ND4J otherwise; {@code -Dtributary.gemm=nd4j|cblas} overrides it.
 */
public enum Gemm {
    CBLAS {
        @Override
        void mul(CpuMat a, boolean ta, CpuMat b, boolean tb, float beta, CpuMat c) {
            int m = c.rows();
            int n = c.cols();
            int k = ta ? a.rows() : a.cols();
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                    ta ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    tb ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                    m, n, k, 1f, a.ptr, a.cols(), b.ptr, b.cols(), beta, c.ptr, c.cols());
        }
    },
    ND4J {
        @Override
        void mul(CpuMat a, boolean ta, CpuMat b, boolean tb, float beta, CpuMat c) {
            Nd4j.gemm(a.array, b.array, c.array, ta, tb, 1.0, beta);
        }
    };

    abstract void mul(CpuMat a, boolean ta, CpuMat b, boolean tb, float beta, CpuMat c);

    public boolean usesPointers() {
        return this == CBLAS;
    }

    /** The route for this process: the system property, else CBLAS on ND4J's CPU backend, else ND4J. */
    public static Gemm forThisBackend() {
        String p = System.getProperty("tributary.gemm");
        if (p != null) {
            return switch (p.toLowerCase()) {
                case "cblas" -> CBLAS;
                case "nd4j" -> ND4J;
                default -> throw new IllegalArgumentException("-Dtributary.gemm must be cblas or nd4j, was '" + p + "'");
            };
        }
        String backend = Nd4j.getBackend().getClass().getName();
        return backend.contains("Cpu") || backend.contains("cpu") ? CBLAS : ND4J;
    }
}
