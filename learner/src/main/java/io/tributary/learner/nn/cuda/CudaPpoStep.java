package io.tributary.learner.nn.cuda;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.learner.nn.Adam;
import io.tributary.learner.nn.Mat;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;

/**
 * One PPO/RPO minibatch update entirely on the device, replayed as a CUDA graph: the host sends the minibatch's row
 * indices and RPO noise (and Adam's two bias-correction scalars), the device gathers the rows from the batch it
 * holds, runs both networks forward (cuBLAS), the loss and its output gradient ({@code ppo.cu}), backpropagation
 * (cuBLAS and {@code nn.cu}), the grad-norm clip and Adam ({@code adam.cu}), and sends back eight scalars (the loss
 * terms and the gradient norm). Parameters, gradients, Adam's moments and the batch stay in device memory during an
 * update; the host keeps what must stay bit-identical with the CPU route's random streams (the shuffle and the RPO
 * draws, {@code io.tributary.learner.algo.Ppo}).
 *
 * <p>What crosses per minibatch: host to device {@code rows} int32 indices, {@code rows x actionDim} float32 noise,
 * 2 floats; device to host 8 doubles; one graph launch and one stream wait. These copies are part of the graph: they
 * read and write fixed page-locked staging buffers ({@code cudaMallocHost}) that the host fills before the launch and
 * reads after the wait. Per update: the batch (obs, actions, log-probs, advantages, returns, values) once, host to
 * device through one page-locked staging area. A graph is captured per distinct minibatch row count on first use,
 * after a direct run of the same work (so that cuBLAS has chosen its kernels outside the capture).
 *
 * <p>Batch size: the buffers are sized for the batch given at construction and grow when a larger batch arrives (an
 * actor joined an elastic run: the batch grows, the number of minibatches stays, so the minibatch grows). Growing
 * frees the old batch and staging buffers and destroys every captured graph (they hold those addresses); each row
 * count is captured again on its next use.
 */
public final class CudaPpoStep {

    /** The update's hyperparameters, by CleanRL's names. */
    public record Settings(double clipCoef, boolean normAdv, boolean clipVloss, double vfCoef, double entCoef,
            double maxGradNorm, double beta1, double beta2, double eps) {}

    /** One minibatch's scalars as CleanRL logs them; {@code gradNorm} is NaN when no optimizer step was taken. */
    public record Terms(double loss, double policyLoss, double valueLoss, double entropy, double oldApproxKl,
            double approxKl, double clipfrac, double gradNorm) {}

    private static final int THREADS = 256;
    private static final int NORM_PARTIALS = 64;

    private final CudaBackend be;
    private final CudaNative cuda;
    private final ActorCriticNet net;
    private final Settings s;
    private final int od;
    private final int ad;
    private final int p;
    private final int logStdOffset;
    private final MemorySegment params;
    private final MemorySegment grads;
    // scratch shared by every row count
    private final MemorySegment advStats, sums, out, normOut, partial, hyper;
    private final Mat m;
    private final Mat v;
    private final MemorySegment hyperStage, outStage;
    // sized by the batch capacity (grown by ensureCapacity): the batch in device memory, and the page-locked staging
    // of the batch upload and of the per-minibatch indices and noise
    private int batchCapacity;
    private MemorySegment bObs, bAct, bLogp, bAdv, bRet, bVal;
    private MemorySegment batchStage, idxStage, zStage;
    private final Map<Integer, Slot> slots = new HashMap<>();
    private long adamStep;
    private long captures;

    /** Per minibatch row count: the network workspace, the minibatch's device buffers and its graph. */
    private final class Slot {
        final int rows;
        final ActorCriticNet.Workspace ws;
        final MemorySegment idx, z, act, logp, adv, ret, val, terms;
        MemorySegment graph;

        Slot(int rows) {
            this.rows = rows;
            this.ws = net.workspace(rows);
            idx = be.deviceBuffer(4L * rows);
            z = be.deviceBuffer(4L * rows * ad);
            act = be.deviceBuffer(4L * rows * ad);
            logp = be.deviceBuffer(4L * rows);
            adv = be.deviceBuffer(4L * rows);
            ret = be.deviceBuffer(4L * rows);
            val = be.deviceBuffer(4L * rows);
            terms = be.deviceBuffer(8L * rows * (5 + ad));
        }
    }

    /**
     * @param batchRows the rows a batch is expected to have ({@code num_envs x num_steps}); a larger batch later grows
     *     the buffers ({@link #loadBatch})
     */
    public CudaPpoStep(ActorCriticNet net, Settings settings, int batchRows) {
        if (!(net.backend() instanceof CudaBackend b)) {
            throw new IllegalArgumentException("the network runs on " + net.backend().name() + ", not on a CUDA backend");
        }
        if (batchRows < 1) throw new IllegalArgumentException("a batch needs rows, was " + batchRows);
        this.be = b;
        this.cuda = b.cuda;
        this.net = net;
        this.s = settings;
        this.od = net.spec().observationDim();
        this.ad = net.spec().actionDim();
        this.p = net.spec().parameterCount();
        this.logStdOffset = net.spec().logStdOffset();
        this.params = CudaBackend.address(net.params().flat());
        this.grads = CudaBackend.address(net.grads().flat());
        advStats = be.deviceBuffer(16);
        sums = be.deviceBuffer(8L * (5 + ad));
        out = be.deviceBuffer(8L * 8);
        normOut = MemorySegment.ofAddress(out.address() + 8L * 7);
        partial = be.deviceBuffer(8L * NORM_PARTIALS);
        hyper = be.deviceBuffer(8);
        m = be.matrix(1, p);
        v = be.matrix(1, p);
        hyperStage = be.pinnedBuffer(8);
        outStage = be.pinnedBuffer(8L * 8);
        ensureCapacity(batchRows);
    }

    /** The most rows a batch may have now (grown by {@link #loadBatch}). */
    public int batchCapacity() {
        return batchCapacity;
    }

    /** CUDA graphs captured so far (one per minibatch row count, again after each growth). */
    public long captures() {
        return captures;
    }

    /**
     * Uploads one update's batch (row-major obs and actions, per-row scalars) of {@code rows} rows, growing the
     * device buffers first when it is larger than any batch before.
     */
    public void loadBatch(float[] obs, float[] actions, float[] logProbs, float[] advantages, float[] returns,
            float[] values, int rows) {
        if (rows < 1) throw new IllegalArgumentException("a batch needs rows, was " + rows);
        ensureCapacity(rows);
        be.bind();
        long cap = batchCapacity;
        // one staging area, one wait: the six arrays side by side, each copied to its device buffer
        MemorySegment.copy(obs, 0, batchStage, JAVA_FLOAT, 0, rows * od);
        MemorySegment.copy(actions, 0, batchStage, JAVA_FLOAT, 4L * cap * od, rows * ad);
        long scalars = 4L * cap * (od + ad);
        MemorySegment.copy(logProbs, 0, batchStage, JAVA_FLOAT, scalars, rows);
        MemorySegment.copy(advantages, 0, batchStage, JAVA_FLOAT, scalars + 4L * cap, rows);
        MemorySegment.copy(returns, 0, batchStage, JAVA_FLOAT, scalars + 8L * cap, rows);
        MemorySegment.copy(values, 0, batchStage, JAVA_FLOAT, scalars + 12L * cap, rows);
        upload(bObs, 0, 4L * rows * od);
        upload(bAct, 4L * cap * od, 4L * rows * ad);
        upload(bLogp, scalars, 4L * rows);
        upload(bAdv, scalars + 4L * cap, 4L * rows);
        upload(bRet, scalars + 8L * cap, 4L * rows);
        upload(bVal, scalars + 12L * cap, 4L * rows);
        // the next loadBatch overwrites the staging area
        cuda.synchronize(be.stream);
    }

    private void upload(MemorySegment dst, long stageOffset, long bytes) {
        cuda.copyToDevice(dst, MemorySegment.ofAddress(batchStage.address() + stageOffset), bytes, be.stream);
    }

    /** Sizes the batch and staging buffers for {@code rows} rows when they hold fewer. */
    private void ensureCapacity(int rows) {
        if (rows <= batchCapacity) return;
        be.bind();
        if (batchCapacity > 0) {
            // every captured graph names the old buffers: destroy them before freeing (free waits for the stream)
            for (Slot slot : slots.values()) {
                if (slot.graph != null) {
                    cuda.graphExecDestroy(slot.graph);
                    slot.graph = null;
                }
            }
            for (MemorySegment b : new MemorySegment[] {bObs, bAct, bLogp, bAdv, bRet, bVal, batchStage, idxStage, zStage}) {
                be.free(b);
            }
        }
        bObs = be.deviceBuffer(4L * rows * od);
        bAct = be.deviceBuffer(4L * rows * ad);
        bLogp = be.deviceBuffer(4L * rows);
        bAdv = be.deviceBuffer(4L * rows);
        bRet = be.deviceBuffer(4L * rows);
        bVal = be.deviceBuffer(4L * rows);
        batchStage = be.pinnedBuffer(4L * rows * (od + ad + 4));
        // a minibatch is at most the whole batch
        idxStage = be.pinnedBuffer(4L * rows);
        zStage = be.pinnedBuffer(4L * rows * Math.max(ad, 1));
        batchCapacity = rows;
    }

    /**
     * One minibatch update: rows {@code order[start .. start + rows)} of the loaded batch, RPO noise {@code z}
     * ({@code rows x actionDim}), learning rate {@code lr}; returns the loss terms before the step and the gradient
     * norm before clipping, as {@code Ppo} and {@code Adam} report them.
     */
    public Terms step(int[] order, int start, int rows, float[] z, double lr) {
        Slot slot = slot(rows);
        stage(order, start, rows, z);
        adamStep++;
        double bc1 = 1.0 - Math.pow(s.beta1(), adamStep);
        double bc2 = 1.0 - Math.pow(s.beta2(), adamStep);
        hyperStage.set(JAVA_FLOAT, 0, (float) (lr / bc1));
        hyperStage.set(JAVA_FLOAT, 4, (float) (1.0 / Math.sqrt(bc2)));
        be.bind();
        be.deviceOnly(() -> {
            if (slot.graph == null) {
                // the first update of this size runs directly (cuBLAS picks and loads its kernels outside any
                // capture), and the capture right after it records the same work for the next ones
                enqueueLoss(slot);
                enqueueUpdate();
                cuda.synchronize(be.stream);
                cuda.beginCapture(be.stream);
                try {
                    enqueueLoss(slot);
                    enqueueUpdate();
                } finally {
                    slot.graph = cuda.endCaptureAndInstantiate(be.stream);
                }
                captures++;
            } else {
                cuda.graphLaunch(slot.graph, be.stream);
                cuda.synchronize(be.stream);
            }
        });
        return terms(true);
    }

    /**
     * The loss and every parameter's gradient (into {@code net.grads()}, before clipping) for one minibatch, with no
     * optimizer step: the device half of {@code Ppo#lossAndGradients}, for the gradient check.
     */
    public Terms lossAndGradients(int[] order, int start, int rows, float[] z) {
        Slot slot = slot(rows);
        stage(order, start, rows, z);
        be.bind();
        be.deviceOnly(() -> {
            enqueueLoss(slot);
            cuda.copyToHost(outStage, out, 8L * 8, be.stream);
            cuda.synchronize(be.stream);
        });
        return terms(false);
    }

    private Slot slot(int rows) {
        if (rows < 1 || rows > batchCapacity) {
            throw new IllegalArgumentException("minibatch of " + rows + " rows: must be 1 .. " + batchCapacity
                    + " (the rows of the largest batch loaded)");
        }
        return slots.computeIfAbsent(rows, Slot::new);
    }

    private void stage(int[] order, int start, int rows, float[] z) {
        MemorySegment.copy(order, start, idxStage, JAVA_INT, 0, rows);
        MemorySegment.copy(z, 0, zStage, JAVA_FLOAT, 0, rows * ad);
    }

    private Terms terms(boolean stepped) {
        double[] o = new double[8];
        MemorySegment.copy(outStage, JAVA_DOUBLE, 0, o, 0, 8);
        return new Terms(o[0], o[1], o[2], o[3], o[4], o[5], o[6], stepped ? o[7] : Double.NaN);
    }

    /** Staged indices and noise in, gather, forward, loss, output cotangents, backpropagation. */
    private void enqueueLoss(Slot slot) {
        int rows = slot.rows;
        MemorySegment st = be.stream;
        CudaKernels k = be.kernels;
        cuda.copyToDevice(slot.idx, idxStage, 4L * rows, st);
        cuda.copyToDevice(slot.z, zStage, 4L * rows * ad, st);
        ActorCriticNet.Workspace ws = slot.ws;
        k.launch("gather_rows", CudaKernels.blocks((long) rows * Math.max(od, ad), THREADS), THREADS, st, slot.idx, rows,
                od, ad, bObs, bAct, bLogp, bAdv, bRet, bVal, CudaBackend.address(ws.obsMat()), slot.act, slot.logp,
                slot.adv, slot.ret, slot.val);
        net.forward(ws);
        k.launch("adv_stats", 1, THREADS, st, slot.adv, rows, s.normAdv() ? 1 : 0, advStats);
        k.launch("ppo_rows", CudaKernels.blocks(rows, 128), 128, st, rows, ad, CudaBackend.address(ws.meanMat()),
                CudaBackend.address(ws.valueMat()), params, logStdOffset, slot.act, slot.z, slot.logp, slot.adv,
                slot.ret, slot.val, advStats, s.clipCoef(), s.vfCoef(), s.clipVloss() ? 1 : 0,
                CudaBackend.address(ws.meanGradMat()), CudaBackend.address(ws.valueGradMat()), slot.terms);
        k.launch("column_sums_f64", 5 + ad, THREADS, st, slot.terms, rows, 5 + ad, sums);
        k.launch("ppo_finish", 1, 1, st, rows, ad, sums, params, logStdOffset, s.entCoef(), s.vfCoef(), grads, out);
        net.backwardLayers(ws, net.grads());
    }

    /** Bias corrections in, grad-norm clip and Adam, scalars out. */
    private void enqueueUpdate() {
        MemorySegment st = be.stream;
        CudaKernels k = be.kernels;
        cuda.copyToDevice(hyper, hyperStage, 8, st);
        k.launch("sumsq_partial", NORM_PARTIALS, THREADS, st, grads, (long) p, partial);
        k.launch("clip_adam", CudaKernels.blocks(p, THREADS), THREADS, st, params, grads, CudaBackend.address(m),
                CudaBackend.address(v), (long) p, partial, NORM_PARTIALS, s.maxGradNorm(), hyper, (float) s.beta1(),
                (float) s.beta2(), (float) s.eps(), normOut);
        cuda.copyToHost(outStage, out, 8L * 8, st);
    }

    /** Adam's state (step count and both moments), copied from the device: for checkpoints. */
    public Adam.State adamState() {
        float[] mm = new float[p];
        float[] vv = new float[p];
        be.hostRead(m).get(0, mm, 0, p);
        be.hostRead(v).get(0, vv, 0, p);
        return new Adam.State(adamStep, mm, vv);
    }

    /** Continues from a checkpoint's Adam state (written by either route); uploaded before the next step. */
    public void restoreAdam(Adam.State state) {
        if (state.m().length != p) {
            throw new IllegalArgumentException("Adam state is for " + state.m().length + " parameters, this network has " + p);
        }
        be.host(m).put(0, state.m(), 0, p);
        be.host(v).put(0, state.v(), 0, p);
        adamStep = state.step();
    }

    public long adamSteps() {
        return adamStep;
    }
}
