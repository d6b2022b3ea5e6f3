package io.tributary.learner.nn;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The CPU backend: matrices in ND4J's native memory; products by one sgemm each into preallocated memory (the
 * {@link Gemm} route: OpenBLAS directly, or {@code Nd4j.gemm}); every elementwise step (bias, activation, its
 * derivative, bias gradients) one fused Java loop over a heap copy, because array loops vectorize and loops over
 * native buffers do not. Scratch arrays grow to the largest matrix seen and are then reused: no allocation once
 * every workspace has been used once.
 */
public final class CpuBackend implements ComputeBackend {

    private final Gemm gemm;
    /** Elementwise scratch: a matrix's elements, or one row's bias / column sums. */
    private float[] tmp = new float[0];
    private float[] row = new float[0];

    public CpuBackend(Gemm gemm) {
        this.gemm = gemm;
    }

    /** {@link Gemm#forThisBackend()}'s route. */
    public static CpuBackend forThisProcess() {
        return new CpuBackend(Gemm.forThisBackend());
    }

    public Gemm gemmRoute() {
        return gemm;
    }

    @Override
    public String name() {
        return "cpu-" + gemm.name().toLowerCase();
    }

    @Override
    public Mat matrix(int rows, int cols) {
        INDArray a = Buffers.create(rows, cols);
        FloatPointer p = gemm.usesPointers() ? new FloatPointer(a.data().addressPointer()) : null;
        FloatBuffer buffer = Buffers.view(a);
        return new CpuMat(a, p, buffer, buffer.asReadOnlyBuffer(), 0, rows, cols);
    }

    @Override
    public Mat view(Mat base, int offset, int rows, int cols) {
        CpuMat b = cpu(base);
        if (b.offset != 0) throw new IllegalArgumentException("views are taken of owned matrices, not of views");
        if (offset < 0 || (long) offset + (long) rows * cols > b.size()) {
            throw new IllegalArgumentException("view [" + offset + ", +" + rows + "x" + cols + ") outside a matrix of "
                    + b.size() + " elements");
        }
        INDArray flat = b.array.reshape('c', new long[] {b.size()});
        INDArray v = flat.get(NDArrayIndex.interval(offset, offset + rows * cols)).reshape('c', rows, cols);
        FloatPointer p = null;
        if (gemm.usesPointers()) {
            p = new FloatPointer(b.array.data().addressPointer());
            p.position(offset);
        }
        return new CpuMat(v, p, b.buffer, b.readOnly, offset, rows, cols);
    }

    @Override
    public FloatBuffer host(Mat owned) {
        CpuMat m = cpu(owned);
        if (m.offset != 0) throw new IllegalArgumentException("host() is for owned matrices; a view shares its owner's");
        return m.buffer;
    }

    @Override
    public FloatBuffer hostRead(Mat owned) {
        CpuMat m = cpu(owned);
        if (m.offset != 0) throw new IllegalArgumentException("host access is for owned matrices; a view shares its owner's");
        return m.readOnly;
    }

    @Override
    public void gemm(Mat a, boolean transposeA, Mat b, boolean transposeB, float beta, Mat c) {
        gemm.mul(cpu(a), transposeA, cpu(b), transposeB, beta, cpu(c));
    }

    @Override
    public void biasActivation(Mat y, Mat bias, Activation act) {
        CpuMat ym = cpu(y);
        CpuMat bm = cpu(bias);
        int rows = ym.rows();
        int width = ym.cols();
        int n = rows * width;
        float[] v = ym.mirror();
        ym.buffer.get(ym.offset, v, 0, n);
        float[] b = row(width);
        bm.buffer.get(bm.offset, b, 0, width);
        switch (act) {
            case IDENTITY -> {
                for (int r = 0; r < rows; r++) {
                    for (int o = 0; o < width; o++) v[r * width + o] += b[o];
                }
            }
            case TANH -> FastTanh.biasTanh(v, b, rows, width);
            case RELU -> {
                for (int r = 0; r < rows; r++) {
                    for (int o = 0; o < width; o++) v[r * width + o] = Math.max(0f, v[r * width + o] + b[o]);
                }
            }
        }
        ym.buffer.put(ym.offset, v, 0, n);
    }

    @Override
    public void scaleByDerivative(Mat d, Mat y, Activation act) {
        if (act == Activation.IDENTITY) return;
        CpuMat dm = cpu(d);
        float[] v = cpu(y).activationMirror();
        if (v == null) throw new IllegalStateException("no activation has been computed into this matrix");
        int n = dm.size();
        float[] t = tmp(n);
        dm.buffer.get(dm.offset, t, 0, n);
        if (act == Activation.TANH) {
            for (int i = 0; i < n; i++) t[i] *= 1f - v[i] * v[i];
        } else {
            for (int i = 0; i < n; i++) t[i] = v[i] > 0f ? t[i] : 0f;
        }
        dm.buffer.put(dm.offset, t, 0, n);
    }

    @Override
    public void columnSums(Mat d, Mat out) {
        CpuMat dm = cpu(d);
        CpuMat om = cpu(out);
        int rows = dm.rows();
        int width = dm.cols();
        float[] t = tmp(rows * width);
        dm.buffer.get(dm.offset, t, 0, rows * width);
        float[] acc = row(width);
        java.util.Arrays.fill(acc, 0, width, 0f);
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < width; o++) acc[o] += t[r * width + o];
        }
        om.buffer.put(om.offset, acc, 0, width);
    }

    private float[] tmp(int n) {
        if (tmp.length < n) tmp = new float[n];
        return tmp;
    }

    private float[] row(int n) {
        if (row.length < n) row = new float[n];
        return row;
    }

    private static CpuMat cpu(Mat m) {
        if (m instanceof CpuMat c) return c;
        throw new IllegalArgumentException("the CPU backend was given a matrix of another backend: " + m.getClass().getName());
    }
}
