package io.tributary.envs.dmc.quadruped;

import io.tributary.envs.dmc.DmControlEnv;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.testing.Json;

import java.util.Map;

/**
 * Puts a quadruped fetch env into a recorded reset state the way the suite's reset reached it, so the constraint
 * solver's warm start (which the golden rows do not record, and which shapes every step of a model whose leg couplings
 * are always active) is the suite's too: the last try of the height search (full reset, the recorded torso pose,
 * forward), then the recorded ball state, then the reset's closing forward, all without actuation.
 *
 * <p>Why fetch needs this and the other quadruped tasks do not: their seeded resets reproduce the suite's to the bit,
 * fetch's differs by one ulp in the torso quaternion's w, because the suite's numpy evaluated {@code cos(azimuth / 2)}
 * with its vectorised (not correctly rounded) cosine; we use the correctly rounded one.
 */
public final class FetchResetReplay {

    private FetchResetReplay() {}

    public static void replay(DmControlEnv env, Map<String, Object> row0) {
        Physics p = env.physics();
        double[] qpos = Json.doubles(row0.get("qpos"));
        double[] qvel = Json.doubles(row0.get("qvel"));
        int root = p.jointQposAdr(p.jointId("root"));
        int ball = p.jointQposAdr(p.jointId("ball_root"));
        int ballDof = p.jointDofAdr(p.jointId("ball_root"));
        p.resetData();
        for (int k = 0; k < 7; k++) p.setQpos(root + k, qpos[root + k]);
        p.forwardWithoutActuation();
        for (int k = 0; k < 7; k++) p.setQpos(ball + k, qpos[ball + k]);
        for (int k = 0; k < 6; k++) p.setQvel(ballDof + k, qvel[ballDof + k]);
        p.forwardWithoutActuation();
    }
}
