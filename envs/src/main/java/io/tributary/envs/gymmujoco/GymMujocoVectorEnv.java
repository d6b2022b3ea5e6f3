package io.tributary.envs.gymmujoco;

import io.tributary.envs.Box;
import io.tributary.envs.VectorEnv;
import io.tributary.envs.mujoco.MjBatchStepper;
import io.tributary.envs.mujoco.MjData;
import io.tributary.envs.state.StateMap;
import io.tributary.envs.state.VectorBuffers;
import java.util.Arrays;

/**
 * {@code numEnvs} copies of one Gymnasium MuJoCo task stepped with one downcall per vector step
 * ({@code trb_gym_step_batch}), on the calling thread, with the TimeLimit of the registration and Gymnasium 0.29's
 * autoreset (see {@link VectorEnv}): a copy that terminates or reaches the time limit is reset at once and its
 * last observation kept for {@link #finalObservation}. Nothing is allocated per step.
 */
public final class GymMujocoVectorEnv implements VectorEnv {

    private final GymMujocoSpec spec;
    private final GymMujocoEnv[] envs;
    private final int obsSize, nu;
    private final double[] obs, finalObs, rewards, actionRows;
    private final boolean[] terminated, truncated;
    private final int[] elapsed;
    private final MjBatchStepper stepper;
    private boolean closed;

    public GymMujocoVectorEnv(GymMujocoSpec spec, int numEnvs) {
        if (numEnvs < 1) throw new IllegalArgumentException("numEnvs must be >= 1, got " + numEnvs);
        this.spec = spec;
        this.envs = new GymMujocoEnv[numEnvs];
        try {
            for (int i = 0; i < numEnvs; i++) envs[i] = new GymMujocoEnv(spec);
        } catch (RuntimeException | Error e) {
            for (GymMujocoEnv made : envs) if (made != null) made.close();
            throw e;
        }
        obsSize = envs[0].observationSpace().size();
        nu = envs[0].actionSpace().size();
        obs = new double[numEnvs * obsSize];
        finalObs = new double[numEnvs * obsSize];
        rewards = new double[numEnvs];
        actionRows = new double[numEnvs * nu];
        terminated = new boolean[numEnvs];
        truncated = new boolean[numEnvs];
        elapsed = new int[numEnvs];
        MjData[] datas = new MjData[numEnvs];
        for (int i = 0; i < numEnvs; i++) datas[i] = envs[i].physics().mjData();
        stepper = MjBatchStepper.gymnasium(datas, spec.frameSkip());
    }

    @Override public int numEnvs() { return envs.length; }
    @Override public Box singleObservationSpace() { return envs[0].observationSpace(); }
    @Override public Box singleActionSpace() { return envs[0].actionSpace(); }
    /** Copy {@code i} (for inspection; do not step it directly). */
    public GymMujocoEnv env(int i) { return envs[i]; }

    @Override
    public void reset(long seed) {
        for (int i = 0; i < envs.length; i++) envs[i].resetInto(seed + i, obs, i * obsSize);
        Arrays.fill(elapsed, 0);
        Arrays.fill(rewards, 0);
        Arrays.fill(terminated, false);
        Arrays.fill(truncated, false);
    }

    @Override
    public void step(double[] actions) {
        if (closed) throw new IllegalStateException(spec.id() + ": vector env is closed");
        singleActionSpace().checkActions(spec.id(), actions, envs.length);
        for (int i = 0; i < envs.length; i++) envs[i].beforePhysicsStep(actions, i * nu, actionRows, i * nu);
        stepper.setActions(actionRows, 0);
        stepper.step();
        for (int i = 0; i < envs.length; i++) {
            GymMujocoEnv env = envs[i];
            terminated[i] = env.afterPhysicsStep(stepper.flags(i), obs, i * obsSize, rewards, i);
            truncated[i] = ++elapsed[i] >= spec.maxEpisodeSteps();
            if (terminated[i] || truncated[i]) {
                System.arraycopy(obs, i * obsSize, finalObs, i * obsSize, obsSize);
                env.resetInto(obs, i * obsSize);
                elapsed[i] = 0;
            }
        }
    }

    @Override public double[] observations() { return obs; }
    @Override public double[] rewards() { return rewards; }
    @Override public boolean[] terminated() { return terminated; }
    @Override public boolean[] truncated() { return truncated; }

    @Override
    public void finalObservation(int i, double[] out, int offset) {
        if (!done(i)) throw new IllegalStateException("copy " + i + " did not finish an episode in the last step");
        System.arraycopy(finalObs, i * obsSize, out, offset, obsSize);
    }

    @Override
    public StateMap state() {
        StateMap s = new StateMap();
        buffers().save(s);
        s.putInts("vector.time_limit.elapsed_steps", elapsed);
        for (int i = 0; i < envs.length; i++) envs[i].saveState(s, "copy." + i + ".");
        return s;
    }

    @Override
    public void restore(StateMap s) {
        Runnable copyIn = buffers().read(s);
        int[] e = s.ints("vector.time_limit.elapsed_steps", elapsed.length);
        for (int i = 0; i < envs.length; i++) envs[i].restoreState(s, "copy." + i + ".");
        copyIn.run();
        System.arraycopy(e, 0, elapsed, 0, e.length);
    }

    private VectorBuffers buffers() {
        return new VectorBuffers(envs.length, obs, finalObs, rewards, terminated, truncated);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        stepper.close();
        for (GymMujocoEnv e : envs) e.close();
    }
}
