package io.tributary.envs.dmc;

import io.tributary.envs.testing.Golden;
import io.tributary.envs.testing.Json;

import io.tributary.envs.mujoco.MjArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Whole tasks against dm_control 1.0.6 on MuJoCo 2.2.2 (golden/dm_control/tasks): seed-exact resets reproduce the
 * recorded reset state, and from the recorded reset state the per-step observations, rewards and step types agree.
 */
class DmcGoldenTaskTest {

    /** Every registered task ({@link DmSuite}), as {@code <domain>-<task>}: a new domain is tested once registered. */
    static List<String> tasks() {
        return DmSuite.specs().values().stream().map(sp -> sp.domain() + "-" + sp.task()).toList();
    }

    static List<String> files() {
        List<String> out = new ArrayList<>();
        for (String t : tasks()) {
            out.add(t + "_seed0_A");
            out.add(t + "_seed1_C");
        }
        return out;
    }

    /**
     * Rewards must agree to 1e-6 and observations to 1e-8 over at least this many steps (the bar: 100).
     * Our domains hold over every recorded step (1000 for formula A, 300 for C), so that is what is required here;
     * a chaotic domain would list a smaller horizon.
     */
    static final int REWARD_STEPS = 1000;

    /** Per-domain horizon where a chaotic (e.g. contact-rich) domain holds only over fewer steps; never below 100. */
    static final Map<String, Integer> HORIZON = Map.of();

    /**
     * Tasks whose seeded reset may differ from the suite's by a few ulps in qpos, with the reason. quadruped fetch: the
     * suite's numpy computed the torso quaternion's w = cos(azimuth / 2) with its vectorised cosine, which is not
     * correctly rounded (one ulp below the true value for seeds 0 and 1); ours is correctly rounded. The dog's tasks
     * draw their heading the same way ({@code cos(azimuth / 2)}, one ulp off for seeds 0 and 1 in every task).
     * Everything else about those resets (qvel, act, model fields, observations) is held to the usual bar.
     */
    static final Map<String, Integer> RESET_QPOS_ULPS = Map.of("quadruped-fetch", 1, "dog-stand", 1, "dog-walk", 1,
            "dog-trot", 1, "dog-run", 1, "dog-fetch", 3);

    /**
     * As {@link #RESET_QPOS_ULPS} for qvel. dog fetch throws the ball from (7.5 sin a, 7.5 cos a) with a velocity along
     * (-sin a, -cos a) plus noise: numpy 1.24's vectorised sin and cos of the ball's azimuth put the ball's x, y and its
     * horizontal velocity up to 3 ulps from the correctly rounded values (measured: qpos 3, qvel 2 ulps, seed 1).
     * Where a reset is not the recorded bits, its observation is compared to 1e-12 relative (a foot force of 14.8 N
     * moves by 1.6e-12 when the state moves by an ulp), not 1e-12 absolute.
     */
    static final Map<String, Integer> RESET_QVEL_ULPS = Map.of("dog-fetch", 2);

    /**
     * Tasks that cannot be put into their recorded reset state by {@link #restore} plus a forward pass, with the replay
     * that does it (see each replay's reason).
     */
    static final Map<String, java.util.function.BiConsumer<DmControlEnv, Map<String, Object>>> RESET_REPLAY =
            Map.of("quadruped-fetch", io.tributary.envs.dmc.quadruped.FetchResetReplay::replay);

    /**
     * The golden file's task, checked to be available here: the dog's tasks need a dm_control installation
     * (-Dtributary.dm_control.dir, TRIBUTARY_DM_CONTROL_DIR or python3's dm_control) and are skipped, saying so, without.
     */
    static DmTaskSpec availableSpec(String id) {
        DmTaskSpec spec = DmSuite.spec(id);
        assumeTrue(spec.available(), () -> "skipped: " + spec.unavailableReason().orElse(""));
        return spec;
    }

    static int horizon(String domain) {
        return Math.max(100, HORIZON.getOrDefault(domain, REWARD_STEPS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void seedExactResetReproducesRecordedState(String file) {
        List<Map<String, Object>> rows = Golden.dmControl("tasks/" + file + ".jsonl.gz", 2); // header, reset row
        Map<String, Object> header = rows.get(0);
        Map<String, Object> row0 = rows.get(1);
        String id = "dm_control/" + header.get("domain") + "-" + header.get("task") + "-v0";
        long seed = ((Number) header.get("seed")).longValue();
        try (DmControlEnv env = new DmControlEnv(availableSpec(id))) {
            double[] obs = env.reset(seed);
            int ulps = RESET_QPOS_ULPS.getOrDefault(header.get("domain") + "-" + header.get("task"), 0);
            double[] expectedQpos = Json.doubles(row0.get("qpos"));
            double[] qpos = state(env, "qpos");
            assertEquals(expectedQpos.length, qpos.length, "nq");
            for (int i = 0; i < qpos.length; i++) {
                assertEquals(expectedQpos[i], qpos[i], ulps * Math.ulp(expectedQpos[i]), "qpos[" + i + "] after reset(seed)");
            }
            int qvelUlps = RESET_QVEL_ULPS.getOrDefault(header.get("domain") + "-" + header.get("task"), 0);
            double[] expectedQvel = Json.doubles(row0.get("qvel"));
            double[] qvel = state(env, "qvel");
            assertEquals(expectedQvel.length, qvel.length, "nv");
            for (int i = 0; i < qvel.length; i++) {
                assertEquals(expectedQvel[i], qvel[i], qvelUlps * Math.ulp(expectedQvel[i]), "qvel[" + i + "] after reset(seed)");
            }
            if (row0.containsKey("act")) {
                assertArrayEquals(Json.doubles(row0.get("act")), state(env, "act"), 0.0, "act after reset(seed)");
            }
            double[] expected = expectedObs(row0, env);
            for (int i = 0; i < obs.length; i++) {
                double tol = ulps + qvelUlps > 0 ? 1e-12 * Math.max(1, Math.abs(expected[i])) : 1e-12;
                assertEquals(expected[i], obs[i], tol, "observation[" + i + "] after reset(seed)");
            }
            // the model as the reset left it (our MJCF's compiled fields plus what the task moved) equals the suite's
            @SuppressWarnings("unchecked")
            Map<String, Object> model = (Map<String, Object>) row0.get("model_after_reset");
            for (Map.Entry<String, Object> e : model.entrySet()) {
                assertArrayEquals(Json.doubles(e.getValue()), env.physics().model(e.getKey()).toArray(), 1e-12,
                        "model field " + e.getKey() + " after reset(seed)");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void stepsMatchFromRecordedResetState(String file) {
        List<Map<String, Object>> rows = Golden.dmControl("tasks/" + file + ".jsonl.gz");
        Map<String, Object> header = rows.get(0);
        Map<String, Object> row0 = rows.get(1);
        String id = "dm_control/" + header.get("domain") + "-" + header.get("task") + "-v0";
        try (DmControlEnv env = new DmControlEnv(availableSpec(id))) {
            assertEquals(((Number) header.get("n_sub_steps")).intValue(), env.nSubSteps());
            assertEquals((Double) header.get("step_limit"), env.stepLimit(), 0.0);
            assertEquals(Json.doubles(header.get("action_min")).length, env.actionSpace().size());
            // A reset with another seed first, so the restore below has to set everything. Two things the golden rows
            // do not record make some models start from their own seeded reset instead: heightfield data (quadruped
            // escape draws its terrain at reset; seedExactResetReproducesRecordedState checks it through the
            // rangefinders), and the constraint solver's warm start, which shapes every step of a model whose
            // equality constraints are always active (quadruped's leg couplings): a restore's extra forward pass
            // would move it off the suite's. Where that seeded reset already is the recorded state, it is kept as is.
            Physics physics = env.physics();
            boolean ownReset = physics.mjModel().size("nhfield") > 0 || physics.mjModel().size("neq") > 0;
            env.reset(ownReset ? ((Number) header.get("seed")).longValue() : 12345);
            boolean exact = Arrays.equals(Json.doubles(row0.get("qpos")), state(env, "qpos"))
                    && Arrays.equals(Json.doubles(row0.get("qvel")), state(env, "qvel"));
            var replay = RESET_REPLAY.get(header.get("domain") + "-" + header.get("task"));
            if (replay != null) replay.accept(env, row0);
            else if (!(ownReset && exact)) restore(env, row0);
            else setRecordedModelFields(env, row0);
            double[] obs = new double[env.observationSpace().size()];
            env.task().observation(env.physics(), obs, 0);
            assertArrayEquals(expectedObs(row0, env), obs, 1e-12, "observation at the recorded reset state");

            double[] reward = new double[1];
            int firstBadReward = -1;
            // formula C: u = RandomState(seed + 1000).uniform(-1, 1, nu) anew each step (see formulaCAction)
            boolean formulaC = "C".equals(header.get("formula"));
            io.tributary.envs.random.RandomState actionRandom =
                    new io.tributary.envs.random.RandomState(((Number) header.get("seed")).longValue() + 1000);
            double[] u = new double[env.actionSpace().size()];
            double[] actionMin = Json.doubles(header.get("action_min"));
            double[] actionMax = Json.doubles(header.get("action_max"));
            for (int r = 2; r < rows.size(); r++) {
                Map<String, Object> row = rows.get(r);
                int t = ((Number) row.get("t")).intValue();
                if (t != env.stepCount() + 1) {
                    // Formula C records rows 0..300 and the last one: the steps between are driven by the same
                    // generator, so they are taken unrecorded and the last row (the truncation) is compared too.
                    if (!formulaC) break;
                    while (env.stepCount() + 1 < t) {
                        formulaCAction(actionRandom, actionMin, actionMax, u);
                        boolean done = env.stepInto(u, 0, obs, 0, reward, 0);
                        assertFalse(env.lastStepPhysicsError(), "physics error at t=" + env.stepCount());
                        assertFalse(done, "episode ended early at t=" + env.stepCount());
                    }
                }
                double[] action = Json.doubles(row.get("action"));
                if (formulaC) {
                    formulaCAction(actionRandom, actionMin, actionMax, u);
                    assertArrayEquals(u, action, 0.0, "RandomState(seed+1000) actions at t=" + t);
                }
                boolean done = env.stepInto(action, 0, obs, 0, reward, 0);
                assertFalse(env.lastStepPhysicsError(), "physics error at t=" + t);
                int stepType = ((Number) row.get("step_type")).intValue();
                assertEquals(stepType == 2, done, "step type at t=" + t);
                double expectedReward = ((Number) row.get("reward")).doubleValue();
                boolean rewardOk = Math.abs(expectedReward - reward[0]) <= 1e-6;
                if (!rewardOk && firstBadReward < 0) firstBadReward = t;
                if (t <= horizon(env.spec().domain())) {
                    assertEquals(expectedReward, reward[0], 1e-6, "reward at t=" + t);
                    assertArrayEquals(expectedObs(row, env), obs, 1e-8, "observation at t=" + t);
                }
            }
            if (firstBadReward > 0) {
                System.out.println(file + ": rewards agree to 1e-6 up to t=" + (firstBadReward - 1));
            } else {
                System.out.println(file + ": rewards agree to 1e-6 over all " + env.stepCount() + " recorded steps");
            }
            int consecutive = formulaC ? 300 : 1000; // formula C records rows 0..300 and the last one
            assertTrue(env.stepCount() >= Math.min(horizon(env.spec().domain()), consecutive), "compared " + env.stepCount() + " steps");
            assertTrue(env.stepCount() >= 100, "the issue's bar: at least 100 steps");
        }
    }

    /**
     * Formula C's next action into {@code out}: u = uniform(-1, 1, nu) from the file's generator, scaled to the bounds
     * as (min + max) / 2 + (max - min) / 2 * u (the identity for [-1, 1]; quadruped's lift and extend differ). Used for
     * the recorded rows and for the unrecorded steps between row 300 and the last row alike.
     */
    static void formulaCAction(io.tributary.envs.random.RandomState random, double[] min, double[] max, double[] out) {
        random.uniform(-1, 1, out);
        for (int i = 0; i < out.length; i++) out[i] = (min[i] + max[i]) / 2 + (max[i] - min[i]) / 2 * out[i];
    }

    static double[] state(DmControlEnv env, String field) {
        return env.physics().data(field).toArray();
    }

    /**
     * Sets the recorded reset state the way dm_control's reset reaches it: mj_resetData and a forward pass at qpos0
     * (MuJoCo 2.2.2's forward leaves its accelerations in qacc_warmstart, where the constraint solver of the next
     * forward starts: starting from another state's accelerations converges to a result a few ulps away, which a
     * contact-rich model such as hopper amplifies to 1e-8 within 300 steps), then the model fields the tasks move,
     * qpos/qvel, and the final forward (actuation off).
     */
    static void restore(DmControlEnv env, Map<String, Object> row0) {
        env.physics().resetData();
        setRecordedModelFields(env, row0);
        env.physics().data("qpos").setAll(Json.doubles(row0.get("qpos")));
        env.physics().data("qvel").setAll(Json.doubles(row0.get("qvel")));
        // filter actuators' activations are state too (the dog's reset draws them)
        if (row0.containsKey("act")) env.physics().data("act").setAll(Json.doubles(row0.get("act")));
        env.physics().forwardWithoutActuation();
    }

    /**
     * The model fields the reset moved, as the suite recorded them, over a seeded reset that is kept (no forward pass,
     * so the solver's warm start stays the reset's). Where our reset already equals the recording this changes
     * nothing; manipulator insert_peg's slot and target quaternions are 2 ulps off, because the suite's numpy took
     * cos(angle / 2) with its vectorised cosine, and 700 contact-rich steps grow those ulps to 1.7e-8 at t=1000.
     * {@link #seedExactResetReproducesRecordedState} holds our own reset's fields to the recording (1e-12).
     */
    static void setRecordedModelFields(DmControlEnv env, Map<String, Object> row0) {
        @SuppressWarnings("unchecked")
        Map<String, Object> model = (Map<String, Object>) row0.get("model_after_reset");
        for (Map.Entry<String, Object> e : model.entrySet()) {
            double[] v = Json.doubles(e.getValue());
            MjArray arr = env.physics().model(e.getKey());
            assertEquals(arr.length(), v.length, "size of model field " + e.getKey());
            arr.setAll(v);
        }
    }

    /** The recorded dm_control observation dict flattened in sorted key order (Gymnasium's flatten). */
    @SuppressWarnings("unchecked")
    static double[] expectedObs(Map<String, Object> row, DmControlEnv env) {
        Map<String, Object> obs = (Map<String, Object>) row.get("obs");
        List<String> keys = new ArrayList<>(obs.keySet());
        keys.sort(null);
        List<String> ours = env.task().observationKeys().stream().map(ObsKey::name).toList();
        assertEquals(keys, ours, "observation keys");
        double[] out = new double[env.observationSpace().size()];
        int o = 0;
        for (String k : keys) {
            Object v = obs.get(k);
            double[] d = v instanceof Number n ? new double[] {n.doubleValue()} : Json.doubles(v);
            System.arraycopy(d, 0, out, o, d.length);
            o += d.length;
        }
        assertEquals(out.length, o, "observation size " + Arrays.toString(out));
        return out;
    }
}
