package io.tributary.actors;

import io.tributary.policy.norm.Normalization;
import io.tributary.policy.GaussianPolicy;
import io.tributary.policy.PolicyInputs;
import io.tributary.protocol.PolicyVersion;
import io.tributary.envs.Box;
import io.tributary.envs.VectorEnv;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import io.tributary.policy.random.CheckpointableRandom;
import io.tributary.policy.random.LxmRandom;

/**
 * Steps a {@link VectorEnv} with one {@link PolicyVersion} and fills a {@link TrajectoryFragment}. It plays the
 * part of CleanRL's wrapper stack around each env copy: episode statistics on raw rewards
 * ({@code RecordEpisodeStatistics}), clipping the sampled action to the action space ({@code ClipAction}), and
 * observation/reward normalization through a {@link Normalization} (running per-env statistics for single-process
 * parity, or the frozen statistics of the policy version). The fragment gets the raw data; where the worker's own
 * statistics are the ones the policy saw (CleanRL mode), a {@link PolicyInputs} gets what the policy saw and the
 * training rewards, so that the learner trains on the policy's exact inputs.
 *
 * <p>Nothing is allocated per step. Not thread-safe: a worker belongs to one thread.
 */
public final class RolloutWorker {

    private final VectorEnv envs;
    private final GaussianPolicy policy;
    private final Normalization normalization;
    /** The sampling generator: the JDK's L64X128MixRandom stream, with a state a checkpoint can read. */
    private final CheckpointableRandom rng;
    private final double perturbAlpha;
    private final int numEnvs;
    private final int obsDim;
    private final int actDim;
    private final double[] actionLow;
    private final double[] actionHigh;

    private final float[] policyObs;
    private final double[] envActions;
    private final double[] finalObs;
    private final float[] finalPolicyObs;
    private final double[] episodeReturn;
    private final int[] episodeLength;
    private double[] rawObs;
    private boolean started;
    /** The fragment being collected ({@link #begin} .. the {@link #advance} that completes it), null between. */
    private TrajectoryFragment current;
    private PolicyInputs currentSeen;
    /** The next vector step of {@link #current}. */
    private int nextStep;
    private long steps;
    private long episodes;

    /**
     * @param seed         seeds the sampling generator (the env copies are seeded by {@link #reset(long)})
     * @param perturbAlpha RPO perturbed-mean sampling in the rollout; 0 samples as CleanRL does
     */
    public RolloutWorker(VectorEnv envs, PolicySpec spec, Normalization normalization, long seed, double perturbAlpha) {
        Box obsSpace = envs.singleObservationSpace();
        Box actSpace = envs.singleActionSpace();
        if (obsSpace.size() != spec.observationDim() || actSpace.size() != spec.actionDim()) {
            throw new IllegalArgumentException("env spaces (obs " + obsSpace.size() + ", action " + actSpace.size()
                    + ") do not match the policy " + spec);
        }
        if (!(perturbAlpha >= 0)) throw new IllegalArgumentException("perturbAlpha must be >= 0, was " + perturbAlpha);
        this.envs = envs;
        this.policy = new GaussianPolicy(spec);
        this.normalization = normalization;
        this.rng = new LxmRandom(seed);
        this.perturbAlpha = perturbAlpha;
        this.numEnvs = envs.numEnvs();
        this.obsDim = spec.observationDim();
        this.actDim = spec.actionDim();
        this.actionLow = actSpace.low();
        this.actionHigh = actSpace.high();
        this.policyObs = new float[numEnvs * obsDim];
        this.envActions = new double[numEnvs * actDim];
        this.finalObs = new double[obsDim];
        this.finalPolicyObs = new float[obsDim];
        this.episodeReturn = new double[numEnvs];
        this.episodeLength = new int[numEnvs];
    }

    public int numEnvs() {
        return numEnvs;
    }

    /** Env steps taken so far (one per env copy per vector step). */
    public long steps() {
        return steps;
    }

    public long episodes() {
        return episodes;
    }

    /** A copy of the sampling generator's state (action noise and RPO's rollout perturbation), for a checkpoint. */
    public long[] samplerState() {
        return rng.state();
    }

    /** Continues the sampling generator from {@link #samplerState()}. */
    public void restoreSampler(long[] state) {
        rng.restore(state);
    }

    /**
     * Everything the next fragments depend on, between fragments: the env copies ({@link VectorEnv#state()}, under
     * {@code env.}), what the policy sees next (its normalized observations), each copy's running episode return and
     * length (RecordEpisodeStatistics), the step and episode counts and the sampler. The normalization statistics
     * are the {@link Normalization}'s own (CleanRL mode: {@code RunningNormalization.state()}).
     */
    public io.tributary.envs.state.StateMap state() {
        if (!started) throw new IllegalStateException("nothing to save before reset(seed)");
        if (current != null) throw new IllegalStateException("a fragment is being collected (" + nextStep + " of " + current.steps + " steps): save between fragments");
        io.tributary.envs.state.StateMap s = new io.tributary.envs.state.StateMap();
        double[] seen = new double[policyObs.length];
        for (int i = 0; i < seen.length; i++) seen[i] = policyObs[i];
        s.putDoubles("worker.policy_observations", seen);
        s.putDoubles("worker.episode_return", episodeReturn);
        s.putInts("worker.episode_length", episodeLength);
        s.putLong("worker.steps", steps);
        s.putLong("worker.episodes", episodes);
        s.putLongs("worker.sampler", rng.state());
        s.putScoped("env.", envs.state());
        return s;
    }

    /** Continues from {@link #state()} (every key is checked before anything changes, the env copies' last). */
    public void restore(io.tributary.envs.state.StateMap s) {
        if (current != null) throw new IllegalStateException("a fragment is being collected: restore between fragments");
        double[] seen = s.doubles("worker.policy_observations", policyObs.length);
        double[] ret = s.doubles("worker.episode_return", numEnvs);
        int[] len = s.ints("worker.episode_length", numEnvs);
        long st = s.getLong("worker.steps");
        long ep = s.getLong("worker.episodes");
        long[] sampler = s.longs("worker.sampler", -1);
        envs.restore(s.scope("env."));
        rng.restore(sampler);
        for (int i = 0; i < seen.length; i++) policyObs[i] = (float) seen[i];
        System.arraycopy(ret, 0, episodeReturn, 0, numEnvs);
        System.arraycopy(len, 0, episodeLength, 0, numEnvs);
        steps = st;
        episodes = ep;
        rawObs = envs.observations();
        started = true;
    }

    /** Resets every env copy (copy i with seed + i) and normalizes the first observations; a begun fragment is dropped. */
    public void reset(long seed) {
        current = null;
        currentSeen = null;
        envs.reset(seed);
        rawObs = envs.observations();
        for (int n = 0; n < numEnvs; n++) {
            normalization.observation(n, rawObs, n * obsDim, policyObs, n * obsDim);
            episodeReturn[n] = 0;
            episodeLength[n] = 0;
        }
        started = true;
    }

    /** Collects {@code fragment.steps} vector steps with {@code version} into {@code fragment} (raw data only). */
    public void collect(PolicyVersion version, TrajectoryFragment f) {
        collect(version, f, null);
    }

    /**
     * As above, and when {@code seen} is not null, also what the policy saw and the training rewards into it (the
     * in-process trainer's CleanRL mode, where only the worker knows its per-step statistics).
     */
    public void collect(PolicyVersion snapshot, TrajectoryFragment f, PolicyInputs seen) {
        begin(snapshot, f, seen);
        advance(f.steps);
    }

    /**
     * Starts a fragment with {@code snapshot} without stepping: {@link #advance} steps it a few vector steps at a
     * time, so that an agent's duty cycle stays short (a stop request or new weights are seen between calls).
     * {@code begin} then {@code advance} until it returns true does exactly what {@link #collect} does.
     */
    public void begin(PolicyVersion snapshot, TrajectoryFragment f, PolicyInputs seen) {
        if (!started) throw new IllegalStateException("reset(seed) must be called before collect");
        if (current != null) throw new IllegalStateException("a fragment is being collected (" + nextStep + " of " + current.steps + " steps)");
        if (f.numEnvs != numEnvs || f.observationDim != obsDim || f.actionDim != actDim) {
            throw new IllegalArgumentException("fragment shape (envs " + f.numEnvs + ", obs " + f.observationDim
                    + ", action " + f.actionDim + ") does not match the worker (" + numEnvs + ", " + obsDim + ", "
                    + actDim + ")");
        }
        if (seen != null && !seen.fits(f)) throw new IllegalArgumentException("policy inputs do not fit the fragment's shape");
        policy.load(snapshot);
        normalization.onVersion(snapshot);
        if (normalization.frozenPerSnapshot()) {
            // the observation carried over from the last fragment was normalized with the previous version's statistics
            for (int n = 0; n < numEnvs; n++) normalization.observation(n, rawObs, n * obsDim, policyObs, n * obsDim);
        }
        f.clearCounters();
        f.policyVersion = snapshot.version;
        f.specHash = snapshot.spec.hash();
        current = f;
        currentSeen = seen;
        nextStep = 0;
    }

    /** Whether a fragment is begun and not complete. */
    public boolean collecting() {
        return current != null;
    }

    /**
     * Steps the begun fragment by at most {@code maxVectorSteps} vector steps; true when it is complete (its next
     * observations written), after which the next {@link #begin} may start.
     */
    public boolean advance(int maxVectorSteps) {
        TrajectoryFragment f = current;
        if (f == null) throw new IllegalStateException("no fragment begun");
        if (maxVectorSteps < 1) throw new IllegalArgumentException("maxVectorSteps must be >= 1, was " + maxVectorSteps);
        PolicyInputs seen = currentSeen;
        int t = nextStep;
        int end = Math.min(f.steps, t + maxVectorSteps);
        for (; t < end; t++) {
            for (int n = 0; n < numEnvs; n++) {
                int row = t * numEnvs + n;
                int oo = row * obsDim;
                int po = n * obsDim;
                for (int i = 0; i < obsDim; i++) f.observations[oo + i] = (float) rawObs[po + i];
                if (seen != null) System.arraycopy(policyObs, po, seen.observations, oo, obsDim);
                int ao = row * actDim;
                f.logProbs[row] = (float) policy.sample(policyObs, po, rng, perturbAlpha, f.actions, ao);
                for (int j = 0; j < actDim; j++) {
                    // ClipAction: the env gets the clipped action, the fragment keeps the sample
                    float a = f.actions[ao + j];
                    envActions[n * actDim + j] = Math.max(actionLow[j], Math.min(actionHigh[j], a));
                }
            }
            envs.step(envActions);
            double[] rewards = envs.rewards();
            boolean[] terminated = envs.terminated();
            boolean[] truncated = envs.truncated();
            rawObs = envs.observations();
            for (int n = 0; n < numEnvs; n++) {
                int row = t * numEnvs + n;
                double r = rewards[n];
                f.rewards[row] = (float) r;
                f.terminated[row] = terminated[n];
                f.truncated[row] = truncated[n];
                episodeReturn[n] += r;
                episodeLength[n]++;
                if (terminated[n] || truncated[n]) {
                    // the finished episode's last observation passes through the normalizer before the reset one
                    envs.finalObservation(n, finalObs, 0);
                    int oo = row * obsDim;
                    for (int i = 0; i < obsDim; i++) f.finalObservations[oo + i] = (float) finalObs[i];
                    // the final observation updates running statistics whether or not anyone keeps it
                    normalization.observation(n, finalObs, 0, seen != null ? seen.finalObservations : finalPolicyObs, seen != null ? oo : 0);
                    f.addEpisode(episodeReturn[n], episodeLength[n]);
                    episodes++;
                    episodeReturn[n] = 0;
                    episodeLength[n] = 0;
                }
                // called whether or not kept: running statistics advance with every reward
                float trainReward = normalization.reward(n, r, terminated[n]);
                if (seen != null) seen.rewards[row] = trainReward;
                normalization.observation(n, rawObs, n * obsDim, policyObs, n * obsDim);
            }
            steps += numEnvs;
        }
        nextStep = t;
        if (t < f.steps) return false;
        for (int i = 0; i < numEnvs * obsDim; i++) f.nextObservations[i] = (float) rawObs[i];
        if (seen != null) System.arraycopy(policyObs, 0, seen.nextObservations, 0, numEnvs * obsDim);
        current = null;
        currentSeen = null;
        return true;
    }
}
