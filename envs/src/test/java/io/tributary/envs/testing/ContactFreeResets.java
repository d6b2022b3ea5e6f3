package io.tributary.envs.testing;

import io.tributary.envs.dmc.DmControlEnv;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.random.RandomState;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The check every task with dm_control's contact-free reset loop needs: an independent replay of the loop (written
 * here, not calling the task) must land on the state {@code env.reset(seed)} produced, draw for draw.
 */
public final class ContactFreeResets {

    private ContactFreeResets() {}

    /**
     * For seeds {@code 0..seeds-1}: {@code env.reset(seed)} starts without contact, {@code firstObservation} checks
     * its observation, and a replay with {@code new RandomState(seed)} ({@code beforeLoop} takes the draws made
     * before the loop, {@code draw} one attempt's draws on a freshly reset physics) reaches the same qpos. At least
     * one seed must have needed a second attempt, or the rejection path went untested.
     */
    public static void assertReplayMatches(DmTaskSpec spec, int seeds, Consumer<RandomState> beforeLoop,
                                           BiConsumer<Physics, RandomState> draw, Consumer<double[]> firstObservation) {
        int rejectedSomewhere = 0;
        try (DmControlEnv env = new DmControlEnv(spec); Physics replay = spec.newPhysics()) {
            for (int seed = 0; seed < seeds; seed++) {
                double[] obs = env.reset(seed);
                assertEquals(0, env.physics().ncon(), "contact-free start, seed " + seed);
                firstObservation.accept(obs);
                RandomState random = new RandomState(seed);
                beforeLoop.accept(random);
                int attempts = 0;
                do {
                    replay.resetData();
                    draw.accept(replay, random);
                    replay.forwardWithoutActuation();
                    attempts++;
                } while (replay.ncon() > 0);
                // dm_control's reset ends with one more forward pass, which renormalises free-joint quaternions in
                // qpos (their last bit can move)
                replay.forwardWithoutActuation();
                if (attempts > 1) rejectedSomewhere++;
                assertArrayEquals(replay.data("qpos").toArray(), env.physics().data("qpos").toArray(), 0.0, "seed " + seed);
            }
        }
        assertTrue(rejectedSomewhere > 0, "no seed exercised the rejection loop");
    }
}
