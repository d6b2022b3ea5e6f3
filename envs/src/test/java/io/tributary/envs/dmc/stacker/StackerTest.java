package io.tributary.envs.dmc.stacker;

import io.tributary.envs.dmc.DmSuite;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.random.RandomState;
import io.tributary.envs.testing.ContactFreeResets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackerTest {

    private static final String[] ARM = {"arm_root", "arm_shoulder", "arm_elbow", "arm_wrist", "finger", "fingertip",
            "thumb", "thumbtip"};

    /**
     * Touching starts are re-drawn in dm_control's order: the arm (root in [-pi, pi], the rest in their ranges, the
     * finger then set to the thumb), the target's height index and x, and each box's x, z and angle.
     */
    @Test
    void resetRedrawsTouchingStartsInTheSuitesDrawOrder() {
        ContactFreeResets.assertReplayMatches(DmSuite.spec("dm_control/stacker-stack_4-v0"), 30, random -> { },
                (p, random) -> {
                    drawArm(p, random);
                    random.randint(4);
                    random.uniform(-.37, .37);
                    for (int b = 0; b < 4; b++) {
                        p.setQpos(p.jointQposAdr(p.jointId("box" + b + "_x")), random.uniform(.1, .3));
                        p.setQpos(p.jointQposAdr(p.jointId("box" + b + "_z")), random.uniform(0, .7));
                        p.setQpos(p.jointQposAdr(p.jointId("box" + b + "_y")), random.uniform(0, 2 * Math.PI));
                    }
                },
                obs -> assertEquals(16 + 8 + 16 + 12 + 4 + 2 + 5, obs.length, "stack_4 observation size"));
    }

    static void drawArm(Physics p, RandomState random) {
        for (String name : ARM) {
            int j = p.jointId(name);
            double lo = p.jointLimited(j) ? p.jointRangeLow(j) : -Math.PI, hi = p.jointLimited(j) ? p.jointRangeHigh(j) : Math.PI;
            p.setQpos(p.jointQposAdr(j), random.uniform(lo, hi));
        }
        p.setQpos(p.jointQposAdr(p.jointId("finger")), p.qpos(p.jointQposAdr(p.jointId("thumb"))));
    }

    /** stack_2 keeps box0 and box1 only, as the suite's make_model; a box count the file does not have is an error. */
    @Test
    void theModelKeepsOnlyTheTasksBoxes() {
        try (Physics p = Physics.fromXml("stacker.xml", Stacker.modelXml(2))) {
            assertEquals(14, p.nq(), "nq of stack_2");
            assertThrows(IllegalArgumentException.class, () -> p.bodyId("box2"));
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Stacker.modelXml(5));
        assertTrue(e.getMessage().contains("got 5"), e.getMessage());
    }
}
