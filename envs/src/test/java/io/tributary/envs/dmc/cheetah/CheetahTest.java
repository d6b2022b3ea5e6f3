package io.tributary.envs.dmc.cheetah;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.Step;
import io.tributary.envs.dmc.DmControlEnv;
import io.tributary.envs.dmc.DmControlVectorEnv;
import io.tributary.envs.dmc.DmSuite;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.random.RandomState;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheetahTest {

    private static final String ID = "dm_control/cheetah-run-v0";

    /**
     * dm_control draws one uniform per limited joint (the six leg joints, not the unlimited root pitch, which the
     * standard randomiser would draw), then settles for 2 s of physics and sets the clock back to 0.
     */
    @Test
    void resetDrawsOnlyTheSixLegJointsThenSettlesWithTheClockBackAtZero() {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec(ID))) {
            for (long seed = 0; seed < 5; seed++) {
                env.reset(seed);
                RandomState replay = new RandomState(seed);
                for (int k = 0; k < 6; k++) replay.randomSample();
                assertEquals(replay.randomSample(), env.random().randomSample(), 0.0, "six draws at reset, seed " + seed);
                assertEquals(0.0, env.physics().time(), 0.0, "time reset after settling");
                assertNotEquals(0.0, env.physics().qpos(0), "rootx moved while settling");
            }
        }
    }

    /** The settling runs with zero control and from mj_resetData, whatever the previous episode left behind. */
    @Test
    void aSeededResetAfterAnEpisodeEqualsAFreshOne() {
        try (DmControlEnv used = new DmControlEnv(DmSuite.spec(ID)); DmControlEnv fresh = new DmControlEnv(DmSuite.spec(ID))) {
            used.reset(3);
            double[] full = {1, -1, 1, -1, 1, -1};
            for (int t = 0; t < 50; t++) used.step(full);
            assertArrayEquals(fresh.reset(4), used.reset(4), 0.0);
            assertArrayEquals(fresh.physics().data("qvel").toArray(), used.physics().data("qvel").toArray(), 0.0);
        }
    }

    /** The batched stepper's autoreset settles each copy exactly as a single env's reset does. */
    @Test
    void vectorAutoresetSettlesCopiesAsSingleEnvsDo() {
        try (DmControlVectorEnv vec = new DmControlVectorEnv(DmSuite.spec(ID), 2, 1);
             DmControlEnv a = new DmControlEnv(DmSuite.spec(ID)); DmControlEnv b = new DmControlEnv(DmSuite.spec(ID))) {
            vec.reset(20);
            DmControlEnv[] singles = {a, b};
            double[][] expected = {a.reset(20), b.reset(21)};
            RandomState actions = new RandomState(2);
            double[] u = new double[12];
            for (int t = 1; t <= 1003; t++) {
                actions.uniform(-1, 1, u);
                vec.step(u);
                for (int i = 0; i < 2; i++) {
                    Step s = singles[i].step(Arrays.copyOfRange(u, 6 * i, 6 * i + 6));
                    expected[i] = s.truncated() ? singles[i].reset() : s.observation();
                    assertArrayEquals(expected[i], Arrays.copyOfRange(vec.observations(), 17 * i, 17 * i + 17), 0.0,
                            "copy " + i + " at t=" + t);
                }
            }
        }
    }

    @Test
    void rewardIsForwardSpeedOverTenClippedToTheUnitInterval() {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec(ID))) {
            env.reset(0);
            Physics p = env.physics();
            double[][] cases = {{5, 0.5}, {-3, 0}, {12, 1}, {9.5, 0.95}};
            for (double[] c : cases) {
                p.data("qpos").setAll(new double[p.nq()]);
                p.data("qvel").setAll(new double[p.nv()]);
                p.setQvel(0, c[0]); // rootx: every body moves forward at this speed
                p.forwardWithoutActuation();
                assertEquals(c[1], env.task().reward(p), 1e-12, "speed " + c[0]);
            }
        }
    }

    @Test
    void aSettlingThatDivergesFailsTheResetNamingCheetah() {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec(ID))) {
            env.physics().setDofDamping(3, Double.NaN);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.reset(0));
            assertTrue(e.getMessage().contains("cheetah") && e.getMessage().contains("settling"), e.getMessage());
        }
    }

    @Test
    void registeredWithSeventeenObservationsSixActionsAndThousandStepEpisodes() {
        try (Env env = EnvRegistry.make(ID)) {
            assertEquals(17, env.observationSpace().size());
            assertEquals(6, env.actionSpace().size());
            for (int i = 0; i < 6; i++) {
                assertEquals(-1.0, env.actionSpace().low(i), 0.0);
                assertEquals(1.0, env.actionSpace().high(i), 0.0);
            }
            env.reset(0);
            double[] a = new double[6];
            for (int t = 1; t <= 1000; t++) {
                for (int i = 0; i < 6; i++) a[i] = Math.sin(0.05 * t + i);
                Step s = env.step(a);
                assertFalse(s.terminated());
                assertEquals(t == 1000, s.truncated(), "truncated exactly at step 1000, t=" + t);
                assertTrue(s.reward() >= 0 && s.reward() <= 1, "reward in [0, 1]: " + s.reward());
            }
        }
    }
}
