package io.tributary.envs.wrappers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.Step;
import io.tributary.envs.stats.RunningMeanStd;
import io.tributary.envs.testing.ScriptedEnv;
import org.junit.jupiter.api.Test;

class WrappersTest {

    private static final double[] A = {0, 0};

    @Test
    void timeLimitTruncatesAtTheLimitAndRestartsOnReset() {
        TimeLimit env = new TimeLimit(new ScriptedEnv(new double[] {1}, 1000), 3);
        env.reset(0);
        assertFalse(env.step(A).truncated());
        assertFalse(env.step(A).truncated());
        Step s = env.step(A);
        assertTrue(s.truncated());
        assertFalse(s.terminated());
        env.reset();
        assertEquals(0, env.elapsedSteps());
        assertFalse(env.step(A).truncated());
    }

    @Test
    void timeLimitKeepsTerminatedWhenBothHappen() {
        TimeLimit env = new TimeLimit(new ScriptedEnv(new double[] {1}, 2), 2);
        env.reset(0);
        env.step(A);
        Step s = env.step(A);
        assertTrue(s.terminated());
        assertTrue(s.truncated());
    }

    @Test
    void clipActionClipsToTheSpaceAndLeavesTheCallersArray() {
        ScriptedEnv raw = new ScriptedEnv(new double[] {1}, 1000);
        Env env = new ClipAction(raw);
        env.reset(0);
        double[] a = {3.5, -0.25};
        env.step(a);
        assertArrayEquals(new double[] {1, -0.25}, raw.lastAction, 0.0);
        assertArrayEquals(new double[] {3.5, -0.25}, a, 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(new double[] {Double.NaN, 0}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    void recordEpisodeStatisticsReportsFloat32ReturnsAndLengths() {
        RecordEpisodeStatistics env = new RecordEpisodeStatistics(new ScriptedEnv(new double[] {0.1}, 10), 2);
        env.reset(0);
        float expected = 0f;
        for (int i = 0; i < 9; i++) {
            env.step(A);
            expected += (float) 0.1;
            assertFalse(env.episodeEnded());
        }
        env.step(A);
        expected += (float) 0.1;
        assertTrue(env.episodeEnded());
        assertEquals(expected, env.lastReturn(), 0.0);
        // Gymnasium accumulates in float32: the sum differs from the float64 sum of ten 0.1s.
        assertNotEquals(0.1 * 10, env.lastReturn());
        assertEquals(10, env.lastLength());
        assertEquals(1, env.episodeCount());
        assertEquals(0, env.currentLength());

        for (int ep = 0; ep < 2; ep++) {
            env.reset();
            for (int i = 0; i < 10; i++) env.step(A);
        }
        assertEquals(3, env.episodeCount());
        assertEquals(2, env.recentReturns().length, "queue keeps the last queueSize episodes");
        assertArrayEquals(new int[] {10, 10}, env.recentLengths());
        env.step(A);
        assertFalse(env.episodeEnded(), "the flag lasts one step");
    }

    @Test
    void normalizeObservationUsesRunningStatisticsIncludingTheCurrentObservation() {
        NormalizeObservation env = new NormalizeObservation(new ScriptedEnv(new double[] {1}, 1000));
        double[] first = env.reset(0); // raw [0, 0]
        RunningMeanStd rms = env.obsRms();
        assertEquals(1.0001, rms.count(), 0.0);
        // mean stays 0, var shrinks to 1e-4/1.0001: the first output is 0 / sqrt(...)
        assertArrayEquals(new double[] {0, 0}, first, 0.0);
        double[] o = env.step(A).observation(); // raw [0, 1]
        double mean1 = rms.mean(1);
        double var1 = rms.var(1);
        assertEquals(2.0001, rms.count(), 1e-15);
        assertEquals((1 - mean1) / Math.sqrt(var1 + 1e-8), o[1], 0.0);
        assertTrue(o[1] > 0.9 && o[1] < 1.1, "two samples 0 and 1 normalize the second to about +1: " + o[1]);
    }

    @Test
    void normalizeObservationStatisticsCanBeSetAndFrozen() {
        NormalizeObservation env = new NormalizeObservation(new ScriptedEnv(new double[] {1}, 1000));
        env.reset(0);
        env.obsRms().set(1e6, new double[] {10, 1}, new double[] {4, 4});
        env.setUpdating(false);
        double[] o = env.step(A).observation(); // raw [0, 1]
        assertArrayEquals(new double[] {(0 - 10) / Math.sqrt(4 + 1e-8), 0}, o, 1e-12);
        assertEquals(1e6, env.obsRms().count(), 0.0, "frozen statistics do not move");
        env.setUpdating(true);
        env.step(A);
        assertEquals(1e6 + 1, env.obsRms().count(), 0.0);
    }

    @Test
    void normalizeRewardCutsTheReturnOnlyOnTerminatedAndOnTheTerminalStepItself() {
        // Episode of 3 steps with rewards 1, 2, 4; terminated on step 3.
        NormalizeReward env = new NormalizeReward(new ScriptedEnv(new double[] {1, 2, 4}, 3), 0.5);
        env.reset(0);
        env.step(A);
        assertEquals(1.0, env.returns(), 0.0);
        env.step(A);
        assertEquals(1.0 * 0.5 + 2, env.returns(), 0.0);
        Step s = env.step(A);
        assertTrue(s.terminated());
        assertEquals(4.0, env.returns(), 0.0, "terminated: the previous return is dropped, this step's reward kept");
        env.reset();
        assertEquals(4.0, env.returns(), 0.0, "reset does not touch the accumulator");
        env.step(A);
        assertEquals(4.0 * 0.5 + 1, env.returns(), 0.0);
    }

    @Test
    void normalizeRewardCarriesTheReturnAcrossATruncation() {
        NormalizeReward env = new NormalizeReward(new TimeLimit(new ScriptedEnv(new double[] {1}, 1000), 2), 0.5);
        env.reset(0);
        env.step(A);
        Step s = env.step(A);
        assertTrue(s.truncated());
        assertEquals(1.5, env.returns(), 0.0);
        env.reset();
        env.step(A);
        assertEquals(1.75, env.returns(), 0.0, "truncation does not cut the accumulator in 0.29.1");
    }

    @Test
    void normalizeRewardScalesByTheStdOfTheReturnAfterUpdating() {
        NormalizeReward env = new NormalizeReward(new ScriptedEnv(new double[] {3}, 1000), 0.99);
        env.reset(0);
        Step s = env.step(A);
        RunningMeanStd check = new RunningMeanStd(1);
        check.update(new double[] {3});
        assertEquals(3 / Math.sqrt(check.var(0) + 1e-8), s.reward(), 0.0);
        assertEquals(check.var(0), env.returnRms().var(0), 0.0);

        env.returnRms().set(100, new double[] {0}, new double[] {9});
        env.setReturns(0);
        env.setUpdating(false);
        assertEquals(3 / Math.sqrt(9 + 1e-8), env.step(A).reward(), 1e-15);
        assertEquals(3, env.returns(), 0.0, "the accumulator runs even when statistics are frozen");
    }

    @Test
    void transformsClipObservationAndReward() {
        Env env = TransformReward.clip(TransformObservation.clip(new ScriptedEnv(new double[] {25, -0.5}, 1000), -10, 10), -10, 10);
        env.reset(0);
        for (int i = 0; i < 12; i++) env.step(A);
        Step s = env.step(A); // raw obs [0, 13], reward 25
        assertArrayEquals(new double[] {0, 10}, s.observation(), 0.0);
        assertEquals(10, s.reward(), 0.0);
        assertEquals(-0.5, env.step(A).reward(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> TransformReward.clip(new ScriptedEnv(new double[] {1}, 1), 1, -1));
    }

    @Test
    void cleanRlStackExposesEveryWrapperAndKeepsRawEpisodeReturns() {
        Env env = CleanRlWrappers.wrap(EnvRegistry.make("Pendulum-v1"), 0.99);
        RecordEpisodeStatistics stats = EnvWrapper.find(env, RecordEpisodeStatistics.class);
        NormalizeObservation no = EnvWrapper.find(env, NormalizeObservation.class);
        NormalizeReward nr = EnvWrapper.find(env, NormalizeReward.class);
        assertNotNull(stats);
        assertNotNull(no);
        assertNotNull(nr);
        assertNotNull(EnvWrapper.find(env, TimeLimit.class));
        assertSame(env.unwrapped(), EnvWrapper.find(env, io.tributary.envs.classic.PendulumEnv.class));

        Env raw = EnvRegistry.make("Pendulum-v1");
        raw.reset(3);
        env.reset(3);
        float rawReturn = 0f;
        boolean ended = false;
        for (int t = 0; t < 200; t++) {
            double[] a = {Math.sin(t * 0.3) * 5}; // out of bounds on purpose: ClipAction clips to [-2, 2]
            Step s = env.step(a);
            rawReturn += (float) raw.step(new double[] {Math.min(Math.max(a[0], -2), 2)}).reward();
            for (double v : s.observation()) assertTrue(v >= -10 && v <= 10);
            assertTrue(s.reward() >= -10 && s.reward() <= 10);
            ended = s.done();
        }
        assertTrue(ended);
        assertTrue(stats.episodeEnded());
        assertEquals(rawReturn, stats.lastReturn(), 0.0);
        assertEquals(200, stats.lastLength());
        assertEquals(201 + 1e-4, no.obsRms().count(), 1e-9);
        assertEquals(200 + 1e-4, nr.returnRms().count(), 1e-9);
    }
}
