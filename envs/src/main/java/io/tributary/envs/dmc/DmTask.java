package io.tributary.envs.dmc;

import io.tributary.envs.random.RandomState;

import java.util.List;

/**
 * One dm_control task bound to one environment copy's {@link Physics} (dm_control's {@code base.Task}).
 *
 * <p>{@link DmControlEnv} drives it with dm_control's exact call sequence (facts 1.1): reset = resetData (forward
 * without actuation), {@link #initializeEpisode}, forward without actuation, {@link #observation}; step = ctrl =
 * raw action, the legacy physics step with n_sub_steps, then {@link #reward} and {@link #observation} on the same
 * state. Tasks never step the physics themselves except where dm_control does (e.g. cheetah's settling steps).
 *
 * <h2>How to add a domain</h2>
 * <ol>
 *   <li>Write the MJCF (physics only: same bodies, joints, geoms, masses, options as the suite's file; drop
 *       textures, materials, lights and cameras) under {@code src/main/resources/io/tributary/envs/dmc/}, and check
 *       sizes and masses against {@code golden/dm_control/physics/<domain>.jsonl.gz}.</li>
 *   <li>Write a class per domain in its own package ({@code io.tributary.envs.dmc.<domain>}) with one {@code DmTask}
 *       implementation (task variants as constructor parameters). Resolve ids in the constructor from the
 *       {@link Physics} it gets, and keep {@link #initializeEpisode} drawing from the {@link RandomState} in exactly
 *       dm_control's order (the standard joint randomiser is {@link Randomizers#randomizeLimitedAndRotationalJoints}).</li>
 *   <li>Expose {@code static List<DmTaskSpec> specs()} on that class and add one line for it in {@link DmSuite}.
 *       The ids {@code dm_control/<domain>-<task>-v0} then resolve through {@link DmControlProvider}.</li>
 *   <li>The golden tests pick every registered task up ({@code DmcGoldenTaskTest}: seeded resets, per-step observations
 *       and rewards; {@code DmcGoldenPhysicsTest}: the first task's model vs {@code physics/<domain>.jsonl.gz}). A
 *       chaotic domain that holds over fewer steps gets an entry in {@code DmcGoldenTaskTest.HORIZON} (at least 100).</li>
 * </ol>
 */
public interface DmTask {

    /** Seconds per agent step; n_sub_steps = round(controlTimestep / physics timestep). */
    double controlTimestep();

    /** Seconds per episode (dm_control's time_limit); every suite task gives 1000 agent steps. */
    double timeLimit();

    /**
     * Observation keys with their flattened sizes, in the order Gymnasium flattens Shimmy's Dict space, i.e.
     * <b>sorted by key name</b>; {@link #observation} writes them in this order.
     */
    List<ObsKey> observationKeys();

    /** dm_control's {@code initialize_episode}: randomise the state (and model fields, where the task does). */
    void initializeEpisode(Physics physics, RandomState random);

    /** Writes the flattened observation (keys sorted, see {@link #observationKeys()}) into {@code out} at {@code offset}. */
    void observation(Physics physics, double[] out, int offset);

    /** dm_control's {@code get_reward} on the current state; {@code physics.ctrl} holds the raw, unclipped action. */
    double reward(Physics physics);

    /** Total observation size (sum of {@link #observationKeys()} sizes). */
    default int observationSize() {
        int n = 0;
        for (ObsKey k : observationKeys()) n += k.size();
        return n;
    }
}
