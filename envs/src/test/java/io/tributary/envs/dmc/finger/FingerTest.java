package io.tributary.envs.dmc.finger;

import io.tributary.envs.dmc.DmControlEnv;
import io.tributary.envs.dmc.DmSuite;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.dmc.Randomizers;
import io.tributary.envs.random.RandomState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FingerTest {

    /**
     * The reset re-draws all three joints until nothing touches, consuming the generator as dm_control does: an
     * independent replay of the draws (turn: the target angle first) lands on the same state.
     */
    @ParameterizedTest
    @ValueSource(strings = {"spin", "turn_easy"})
    void resetRejectsTouchingStartsAndKeepsTheDrawOrder(String task) {
        DmTaskSpec spec = DmSuite.spec("dm_control/finger-" + task + "-v0");
        int rejectedSomewhere = 0;
        try (DmControlEnv env = new DmControlEnv(spec); Physics replay = spec.newPhysics()) {
            for (int seed = 0; seed < 40; seed++) {
                env.reset(seed);
                assertEquals(0, env.physics().ncon(), "contact-free start, seed " + seed);
                RandomState random = new RandomState(seed);
                if (!task.equals("spin")) random.uniform(-Math.PI, Math.PI);
                int attempts = 0;
                do {
                    replay.resetData();
                    Randomizers.randomizeLimitedAndRotationalJoints(replay, random);
                    replay.forwardWithoutActuation();
                    attempts++;
                } while (replay.ncon() > 0);
                if (attempts > 1) rejectedSomewhere++;
                assertArrayEquals(replay.data("qpos").toArray(), env.physics().data("qpos").toArray(), 0.0, "seed " + seed);
            }
        }
        assertTrue(rejectedSomewhere > 0, "no seed exercised the rejection loop");
    }

    @Test
    void spinLowersHingeDampingAndTurnPutsTheTargetOnTheTipOrbit() {
        try (DmControlEnv spin = new DmControlEnv(DmSuite.spec("dm_control/finger-spin-v0"));
             DmControlEnv turn = new DmControlEnv(DmSuite.spec("dm_control/finger-turn_hard-v0"))) {
            spin.reset(0);
            Physics p = spin.physics();
            assertEquals(0.03, p.dofDamping(p.jointDofAdr(p.jointId("hinge"))), 0.0);
            assertEquals(9, spin.observationSpace().size());
            Physics q = turn.physics();
            int site = q.siteId("target");
            for (int seed = 0; seed < 10; seed++) {
                double[] obs = turn.reset(seed);
                assertEquals(0.5, q.dofDamping(q.jointDofAdr(q.jointId("hinge"))), 0.0);
                assertEquals(Finger.HARD_TARGET_SIZE, q.siteSize(site, 0), 0.0);
                assertEquals(0.13, Math.hypot(q.sitePos(site, 0) - 0.2, q.sitePos(site, 2) - 0.4), 1e-12);
                // sorted keys: dist_to_target (1), position (4), target_position (2), touch (2), velocity (3)
                assertEquals(12, obs.length);
                assertEquals(0.13, Math.hypot(obs[5], obs[6]), 1e-12, "target_position relative to the spinner");
                assertEquals(Math.hypot(obs[5] - obs[3], obs[6] - obs[4]) - Finger.HARD_TARGET_SIZE, obs[0], 1e-15);
            }
        }
    }
}
