package io.tributary.learner;

import io.tributary.policy.norm.NormalizationStats;
import io.tributary.policy.PolicySnapshot;
import io.tributary.learner.algo.Gae;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.algo.Ppo;
import io.tributary.learner.algo.RolloutBatch;
import io.tributary.learner.algo.UpdateStats;
import io.tributary.learner.nn.ActorCriticNet;
import io.tributary.learner.nn.OrthogonalInit;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The learner's job, transport aside: take the fragments of one policy version, assemble CleanRL's batch
 * (values from the critic, GAE, returns), run one PPO/RPO update, and publish the next version's flat weights.
 * The transport layer feeds {@link #learn} and broadcasts {@link #snapshot()}.
 */
public final class Learner {

    private final Hyperparameters hp;
    private final PolicySpec spec;
    private final ActorCriticNet net;
    private final Ppo ppo;
    private final RolloutBatch batch;
    private final ActorCriticNet.Workspace batchWs;
    private final float[] nextValues;
    private final float[] finalValues;
    private final float[] fragValues;
    private long version;
    private int iteration;
    private NormalizationStats stats;
    private LearnerNormalization normalization;

    public Learner(Hyperparameters hp, PolicySpec spec) {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        this.hp = hp.validate();
        this.spec = spec;
        this.net = new ActorCriticNet(spec);
        // one stream for initialisation, one for the update's shuffling and RPO noise
        RandomGenerator init = RandomGeneratorFactory.of("L64X128MixRandom").create(hp.seed());
        net.setParams(OrthogonalInit.init(spec, init));
        this.ppo = new Ppo(hp, net, RandomGeneratorFactory.of("L64X128MixRandom").create(hp.seed() * 31 + 7));
        this.batch = new RolloutBatch(hp.batchSize(), spec.observationDim(), spec.actionDim());
        this.batchWs = net.workspace(hp.numSteps());
        this.nextValues = new float[hp.numEnvs()];
        this.finalValues = new float[hp.batchSize()];
        this.fragValues = new float[hp.batchSize()];
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

    public ActorCriticNet net() {
        return net;
    }

    /**
     * Frozen-statistics mode: the learner owns the normalization statistics ({@link LearnerNormalization}). It
     * recomputes each fragment's policy inputs and training rewards from the raw data before the update, merges the
     * fragments' observation moments after it, and publishes the statistics in each snapshot. Off (the default),
     * snapshots carry no statistics and the fragments' policy-side fields are the rollout worker's (CleanRL's per-env
     * running statistics). The batch's {@code num_envs} copies are split evenly over {@code actors} actors (ids 0..).
     */
    public void ownNormalization(int actors) {
        if (actors <= 0 || hp.numEnvs() % actors != 0) {
            throw new IllegalArgumentException("actors must be > 0 and divide num-envs (" + hp.numEnvs() + "), was " + actors);
        }
        this.normalization = new LearnerNormalization(actors, hp.numEnvs() / actors, spec.observationDim(), hp.gamma());
        this.stats = normalization.stats();
    }

    /** The current version as actors receive it: the whole flat vector (a copy) and the statistics. */
    public PolicySnapshot snapshot() {
        float[] w = new float[spec.parameterCount()];
        net.copyParams(w);
        return new PolicySnapshot(version, spec, w, stats);
    }

    /**
     * One iteration: the fragments must together hold {@code num_envs * num_steps} rows collected with the current
     * version. Returns the update's statistics; the version is advanced.
     */
    public UpdateStats learn(List<TrajectoryFragment> fragments) {
        check(fragments);
        if (normalization != null) {
            for (TrajectoryFragment f : fragments) normalization.prepare(f, stats);
        }
        assemble(fragments);
        iteration++;
        UpdateStats s = ppo.update(batch, iteration);
        if (normalization != null) {
            for (TrajectoryFragment f : fragments) normalization.update(f);
            stats = normalization.stats();
        }
        version++;
        return s;
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
            rows += f.rows();
        }
        if (rows != batch.rows) {
            throw new IllegalArgumentException("fragments hold " + rows + " rows, the batch needs " + batch.rows);
        }
    }

    private void assemble(List<TrajectoryFragment> fragments) {
        int od = spec.observationDim();
        int ad = spec.actionDim();
        int offset = 0;
        for (TrajectoryFragment f : fragments) {
            int n = f.rows();
            System.arraycopy(f.policyObservations, 0, batch.obs, offset * od, n * od);
            System.arraycopy(f.actions, 0, batch.actions, offset * ad, n * ad);
            System.arraycopy(f.logProbs, 0, batch.logProbs, offset, n);
            System.arraycopy(f.trainRewards, 0, batch.rewards, offset, n);
            values(f.policyObservations, n, fragValues);
            System.arraycopy(fragValues, 0, batch.values, offset, n);
            values(f.policyNextObservations, f.numEnvs, nextValues);
            float[] fv = null;
            if (hp.bootstrapTruncated()) {
                values(f.policyFinalObservations, n, finalValues);
                fv = finalValues;
            }
            Gae.compute(f.steps, f.numEnvs, f.trainRewards, fragValues, nextValues, f.terminated, f.truncated, fv,
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
            ws.obsB.put(0, obs, start * od, n * od);
            net.forwardValue(ws);
            FloatBuffer v = ws.value();
            v.get(0, out, start, n);
        }
    }
}
