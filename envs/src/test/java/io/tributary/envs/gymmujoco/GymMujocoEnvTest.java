package io.tributary.envs.gymmujoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.Step;
import io.tributary.envs.VectorEnv;
import io.tributary.envs.testing.Golden;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class GymMujocoEnvTest {

    @Test
    void everyTaskOfTheGoldenSetIsRegistered() throws Exception {
        Set<String> golden = new TreeSet<>();
        try (Stream<java.nio.file.Path> files = Files.list(Golden.shared().resolve("golden/gymnasium-mujoco"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonl.gz"))
                    .forEach(n -> golden.add(n.substring(0, n.indexOf("_seed"))));
        }
        assertEquals(11, golden.size(), "the golden set's ids: " + golden);
        assertEquals(golden, new TreeSet<>(GymMujoco.specs().keySet()));
        assertTrue(EnvRegistry.ids().containsAll(golden));
    }

    @Test
    void theTimeLimitOfTheRegistrationTruncatesTheEpisode() {
        try (Env env = EnvRegistry.make("Reacher-v4")) {
            env.reset(3);
            double[] zero = new double[env.actionSpace().size()];
            for (int t = 1; t < 50; t++) assertTrue(!env.step(zero).done(), "step " + t);
            Step last = env.step(zero);
            assertTrue(last.truncated() && !last.terminated(), "Reacher-v4's 50th step is truncated");
        }
    }

    @Test
    void anActionOfTheWrongLengthIsAnErrorNamingTheEnv() {
        try (Env env = EnvRegistry.make("Hopper-v4")) {
            env.reset(0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(new double[2]));
            assertTrue(e.getMessage().contains("Hopper-v4"), e.getMessage());
        }
    }

    @Test
    void stepBeforeResetIsAnError() {
        try (Env env = EnvRegistry.make("Swimmer-v4")) {
            assertThrows(IllegalStateException.class, () -> env.step(new double[2]));
        }
    }

    @Test
    void aVectorOfCopiesMatchesSingleEnvsSeededWithConsecutiveSeeds() {
        try (VectorEnv v = EnvRegistry.makeVector("HalfCheetah-v4", 2); Env e1 = EnvRegistry.make("HalfCheetah-v4")) {
            v.reset(7);
            double[] first = e1.reset(8);
            int n = first.length;
            double[] copy1 = new double[n];
            System.arraycopy(v.observations(), n, copy1, 0, n);
            assertArrayEquals(first, copy1, 0.0);
            double[] actions = new double[2 * 6];
            java.util.Arrays.fill(actions, 0.3);
            v.step(actions);
            Step s = e1.step(new double[] {0.3, 0.3, 0.3, 0.3, 0.3, 0.3});
            System.arraycopy(v.observations(), n, copy1, 0, n);
            assertArrayEquals(s.observation(), copy1, 0.0);
            assertEquals(s.reward(), v.rewards()[1], 0.0);
        }
    }

    @Test
    void theBatchedVectorAutoresetsAtTerminationAndKeepsTheFinalObservation() {
        try (VectorEnv v = EnvRegistry.makeVector("InvertedPendulum-v4", 3); Env e = EnvRegistry.make("InvertedPendulum-v4")) {
            assertTrue(v instanceof GymMujocoVectorEnv);
            v.reset(0);
            e.reset(0);
            double[] push = {3.0, 3.0, 3.0};
            int n = e.observationSpace().size();
            double[] fin = new double[n];
            for (int t = 1; t <= 1000; t++) {
                v.step(push);
                Step s = e.step(new double[] {3.0});
                assertEquals(s.reward(), v.rewards()[0], 0.0);
                assertEquals(s.terminated(), v.terminated()[0], "step " + t);
                if (s.done()) {
                    v.finalObservation(0, fin, 0);
                    assertArrayEquals(s.observation(), fin, 0.0, "the final observation of copy 0");
                    return;
                }
            }
            throw new AssertionError("pushing the cart at full force never toppled the pole");
        }
    }
}
