package io.tributary.learner;

import io.tributary.learner.algo.Algorithm;
import io.tributary.learner.algo.Algorithms;
import io.tributary.policy.PolicyInputs;
import io.tributary.learner.algo.Gae;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.algo.RolloutBatch;
import io.tributary.learner.algo.UpdateStats;
import io.tributary.learner.checkpoint.TrainingState;
import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.learner.nn.ComputeBackend;
import io.tributary.learner.nn.Device;
import io.tributary.learner.nn.OrthogonalInit;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import io.tributary.protocol.TrajectoryFragment;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The learner's job, transport aside: take the fragments of one policy version, assemble CleanRL's batch
 * (values from the critic, GAE, returns), run one update of the {@link Algorithm} chosen by name, and publish the
 * next version's flat weights. The transport layer feeds {@link #learn} and broadcasts {@link #snapshot()};
 * {@link #checkpoint()} and {@link #restore} read and continue everything the training's future depends on.
 */
public final class Learner {

    private final Hyperparameters hp;
    private final PolicySpec spec;
    private final ActorCriticNet net;
    private final Algorithm algorithm;
    private RolloutBatch batch;
    private final ActorCriticNet.Workspace batchWs;
    private final float[] nextValues;
    private final float[] finalValues;
    private final float[] fragValues;
    private long version;
    private int iteration;
    private long globalStep;
    /** The current version as published (statistics included): the statistics the fragments were collected with. */
    private final PolicyVersion published;
    private LearnerNormalization normalization;
    private PolicyInputs[] prepared = new PolicyInputs[0];

    /** PPO or RPO by {@code hp}'s {@code rpo_alpha} ({@link Algorithms#nameFor}). */
    public Learner(Hyperparameters hp, PolicySpec spec) {
        this(Algorithms.nameFor(hp), hp, spec);
    }

    /** The algorithm registered as {@code algorithm} ({@link Algorithms}); an unknown name lists the known. */
    public Learner(String algorithm, Hyperparameters hp, PolicySpec spec) {
        this(algorithm, hp, spec, Device.CPU);
    }

    /** As above, the networks on {@code device} ({@code --device}). */
    public Learner(String algorithm, Hyperparameters hp, PolicySpec spec, Device device) {
        this(algorithm, hp, spec, () -> {
            // ND4J only on the CPU route: the CUDA route runs without ND4J's native jar
            if (!device.isCuda()) Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
            return device.open();
        });
    }

    /** As above, the networks on the backend {@code backend} opens (tests give one of their own). */
    Learner(String algorithm, Hyperparameters hp, PolicySpec spec, Supplier<ComputeBackend> backend) {
        this.hp = hp.validate();
        this.spec = spec;
        Algorithms.Entry entry = Algorithms.resolve(algorithm);
        this.net = new ActorCriticNet(spec, backend.get());
        // the initialisation's own stream; the algorithm seeds its own (shuffling, RPO noise) apart from it
        RandomGenerator init = RandomGeneratorFactory.of("L64X128MixRandom").create(hp.seed());
        net.setParams(OrthogonalInit.init(spec, init));
        this.algorithm = entry.create(hp, net);
        this.batch = new RolloutBatch(hp.batchSize(), spec.observationDim(), spec.actionDim());
        this.batchWs = net.workspace(hp.numSteps());
        this.nextValues = new float[hp.numEnvs()];
        this.finalValues = new float[hp.batchSize()];
        this.fragValues = new float[hp.batchSize()];
        this.published = new PolicyVersion(spec);
    }

    public PolicySpec spec() {
        return spec;
    }

    public long version() {
        return version;
    }

    public int iteration() {
        return iteration;
    }

    /** Environment steps consumed by the updates so far (rows of every batch learned). */
    public long globalStep() {
        return globalStep;
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    public ActorCriticNet net() {
        return net;
    }

    /**
     * Frozen-statistics mode: the learner owns the normalization statistics ({@link LearnerNormalization}). It
     * recomputes each fragment's policy inputs and training rewards from the raw data before the update, merges the
     * fragments' observation moments after it, and publishes the statistics in each version. Off (the default),
     * versions carry Gymnasium's initial statistics and the policy inputs are the rollout worker's (CleanRL's per-env
     * running statistics, {@link #learn(List, List)}).
     */
    public void ownNormalization() {
        this.normalization = new LearnerNormalization(spec.observationDim(), hp.gamma());
    }

    /** The learner-owned statistics, null unless {@link #ownNormalization()} was called. */
    public LearnerNormalization normalization() {
        return normalization;
    }

    /** The current version as actors receive it: the policy prefix of the weights and the statistics (a copy). */
    public PolicyVersion snapshot() {
        float[] w = new float[spec.parameterCount()];
        net.copyParams(w);
        published.version = version;
        published.setWeights(w);
        return published.copy();
    }

    /** A copy of the whole flat parameter vector (critic included), in {@link PolicySpec}'s layout. */
    public float[] parameters() {
        float[] w = new float[spec.parameterCount()];
        net.copyParams(w);
        return w;
    }

    /**
     * One iteration on the fragments collected with the current version, each {@code num_steps} long: normally {@code
     * num_envs * num_steps} rows together, but a batch with an actor's fragment missing or an extra actor's is learned
     * as it is (the algorithm keeps its number of minibatches). Returns the update's statistics; the version is advanced.
     */
    public UpdateStats learn(List<TrajectoryFragment> fragments) {
        if (normalization == null) {
            throw new IllegalStateException("the learner does not own the normalization: pass the worker's policy inputs");
        }
        check(fragments);
        if (prepared.length < fragments.size()) prepared = java.util.Arrays.copyOf(prepared, fragments.size());
        for (int i = 0; i < fragments.size(); i++) {
            TrajectoryFragment f = fragments.get(i);
            if (prepared[i] == null || !prepared[i].fits(f)) prepared[i] = PolicyInputs.like(f);
            normalization.prepare(f, published, prepared[i]);
        }
        UpdateStats s = update(fragments, java.util.Arrays.asList(prepared).subList(0, fragments.size()));
        for (TrajectoryFragment f : fragments) normalization.update(f);
        normalization.publish(published); // the next version's statistics
        return s;
    }

    /**
     * As {@link #learn(List)} with the policy inputs the rollout worker recorded (CleanRL mode: its per-env running
     * statistics), {@code inputs.get(i)} for {@code fragments.get(i)}.
     */
    public UpdateStats learn(List<TrajectoryFragment> fragments, List<PolicyInputs> inputs) {
        if (normalization != null) throw new IllegalStateException("the learner owns the normalization: it computes the policy inputs");
        check(fragments);
        return update(fragments, inputs);
    }

    private UpdateStats update(List<TrajectoryFragment> fragments, List<PolicyInputs> inputs) {
        if (inputs.size() != fragments.size()) {
            throw new IllegalArgumentException(inputs.size() + " policy inputs for " + fragments.size() + " fragments");
        }
        assemble(fragments, inputs);
        iteration++;
        UpdateStats s = algorithm.update(batch, iteration);
        globalStep += batch.rows;
        version++;
        return s;
    }

    /**
     * Everything the rest of the training depends on, copied: parameters, the algorithm's optimizer and generator
     * states, version, iteration (the learning-rate schedule's position), global step and, when this learner owns
     * them, the normalization statistics (observation moments, return statistic, every copy's return tracker).
     * Restoring it into a learner of the same algorithm, hyperparameters, spec and normalization mode continues bit
     * for bit. In CleanRL mode the statistics are the rollout worker's ({@code RunningNormalization.state()}).
     */
    public TrainingState checkpoint() {
        float[] w = new float[spec.parameterCount()];
        net.copyParams(w);
        return new TrainingState(algorithm.name(), spec.hash(), hp.asMap(), version, iteration, globalStep, w,
                algorithm.state(), normalization == null ? null : normalization.state());
    }

    /**
     * Continues from {@code state}, which must be of this learner's algorithm, spec and hyperparameters, and hold
     * normalization statistics exactly when this learner owns them ({@link #ownNormalization()} before restoring).
     * Nothing changes when it is refused.
     */
    public void restore(TrainingState state) {
        if (!state.algorithm().equals(algorithm.name())) {
            throw new IllegalArgumentException("the checkpoint is of algorithm '" + state.algorithm() + "', this learner runs '"
                    + algorithm.name() + "'");
        }
        if (state.specHash() != spec.hash()) {
            throw new IllegalArgumentException("the checkpoint's spec hash " + Long.toHexString(state.specHash())
                    + " is not this learner's " + Long.toHexString(spec.hash()) + " (" + spec + ")");
        }
        if ((normalization != null) != (state.normalization() != null)) {
            throw new IllegalArgumentException(normalization != null
                    ? "the checkpoint holds no normalization statistics, this learner owns them (frozen mode): restore it into a"
                            + " learner in CleanRL mode"
                    : "the checkpoint holds learner-owned normalization statistics (frozen mode): call ownNormalization()"
                            + " before restoring");
        }
        if (normalization != null && state.normalization().observations().mean().length != spec.observationDim()) {
            throw new IllegalArgumentException("the checkpoint's observation statistics have "
                    + state.normalization().observations().mean().length + " elements, the spec " + spec.observationDim());
        }
        Map<String, String> mine = hp.asMap();
        if (!state.hyperparameters().equals(mine)) {
            List<String> differ = new ArrayList<>();
            for (String k : mine.keySet()) {
                String theirs = state.hyperparameters().get(k);
                if (!mine.get(k).equals(theirs)) differ.add("--" + k + " " + theirs + " (this learner: " + mine.get(k) + ")");
            }
            for (String k : state.hyperparameters().keySet()) {
                if (!mine.containsKey(k)) differ.add("--" + k + " (unknown to this build)");
            }
            throw new IllegalArgumentException("the checkpoint was trained with other hyperparameters: "
                    + String.join(", ", differ));
        }
        if (state.parameters().length != spec.parameterCount()) {
            throw new IllegalArgumentException("the checkpoint holds " + state.parameters().length
                    + " parameters, the spec has " + spec.parameterCount());
        }
        algorithm.restore(state.algorithmState());
        net.setParams(state.parameters());
        if (normalization != null) {
            normalization.restore(state.normalization());
            normalization.publish(published); // the restored version goes out with the statistics it was published with
        }
        version = state.version();
        iteration = state.iteration();
        globalStep = state.globalStep();
    }

    private void check(List<TrajectoryFragment> fragments) {
        int rows = 0;
        for (TrajectoryFragment f : fragments) {
            if (f.specHash != spec.hash()) {
                throw new IllegalArgumentException("fragment from actor " + f.actorId + " has spec hash "
                        + Long.toHexString(f.specHash) + ", the learner's is " + Long.toHexString(spec.hash()));
            }
            if (f.policyVersion != version) {
                throw new IllegalArgumentException("fragment from actor " + f.actorId + " was collected with version "
                        + f.policyVersion + ", the batch is for version " + version);
            }
            if (f.steps != hp.numSteps() || f.rows() > hp.batchSize()) {
                throw new IllegalArgumentException("fragment from actor " + f.actorId + " holds " + f.numEnvs + " envs x " + f.steps
                        + " steps; fragments must have num-steps " + hp.numSteps() + " and at most the batch's " + hp.batchSize() + " rows");
            }
            rows += f.rows();
        }
        if (rows == 0) throw new IllegalArgumentException("no fragments: a batch needs at least one");
        // a batch of another size than configured (a lost actor's fragment missing, an actor joined) is learned as
        // it is: the algorithm keeps its number of minibatches
        if (rows != batch.rows) batch = new RolloutBatch(rows, spec.observationDim(), spec.actionDim());
    }

    private void assemble(List<TrajectoryFragment> fragments, List<PolicyInputs> inputs) {
        int od = spec.observationDim();
        int ad = spec.actionDim();
        int offset = 0;
        for (int k = 0; k < fragments.size(); k++) {
            TrajectoryFragment f = fragments.get(k);
            PolicyInputs in = inputs.get(k);
            if (!in.fits(f)) throw new IllegalArgumentException("policy inputs do not fit the fragment of actor " + f.actorId);
            int n = f.rows();
            System.arraycopy(in.observations, 0, batch.obs, offset * od, n * od);
            System.arraycopy(f.actions, 0, batch.actions, offset * ad, n * ad);
            System.arraycopy(f.logProbs, 0, batch.logProbs, offset, n);
            values(in.observations, n, fragValues);
            System.arraycopy(fragValues, 0, batch.values, offset, n);
            values(in.nextObservations, f.numEnvs, nextValues);
            float[] fv = null;
            if (hp.bootstrapTruncated()) {
                values(in.finalObservations, n, finalValues);
                fv = finalValues;
            }
            Gae.compute(f.steps, f.numEnvs, in.rewards, fragValues, nextValues, f.terminated, f.truncated, fv,
                    hp.gamma(), hp.gaeLambda(), batch.advantages, batch.returns, offset);
            offset += n;
        }
    }

    /** Critic values of {@code rows} observations, in chunks of the batch workspace. */
    private void values(float[] obs, int rows, float[] out) {
        int od = spec.observationDim();
        int chunk = batchWs.rows;
        for (int start = 0; start < rows; start += chunk) {
            int n = Math.min(chunk, rows - start);
            ActorCriticNet.Workspace ws = n == chunk ? batchWs : net.workspace(n);
            ws.obs().put(0, obs, start * od, n * od);
            net.forwardValue(ws);
            FloatBuffer v = ws.value();
            v.get(0, out, start, n);
        }
    }
}
