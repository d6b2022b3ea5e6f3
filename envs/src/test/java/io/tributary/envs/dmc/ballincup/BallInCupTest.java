package io.tributary.envs.dmc.ballincup;

import io.tributary.envs.dmc.DmControlEnv;
import io.tributary.envs.dmc.DmSuite;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.testing.ContactFreeResets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BallInCupTest {

    /** Ball positions that penetrate the cup are re-drawn (both coordinates), in dm_control's draw order. */
    @Test
    void resetRejectsPenetratingBallPositions() {
        ContactFreeResets.assertReplayMatches(DmSuite.spec("dm_control/ball_in_cup-catch-v0"), 300, random -> { },
                (replay, random) -> {
                    replay.setQpos(2, random.uniform(-0.2, 0.2));
                    replay.setQpos(3, random.uniform(0.2, 0.5));
                },
                obs -> assertArrayEquals(new double[] {0, 0}, new double[] {obs[0], obs[1]}, 0.0, "the cup starts at rest"));
    }

    /** Reward 1 exactly when the ball centre is inside the cup's target box shrunk by the ball radius. */
    @Test
    void rewardIsTheInCupIndicator() {
        try (DmControlEnv env = new DmControlEnv(DmSuite.spec("dm_control/ball_in_cup-catch-v0"))) {
            env.reset(0);
            Physics p = env.physics();
            // target box centre: cup body (0, 0.6) + site offset (0, -0.05) -> world (0, 0.55); ball body origin z 0.2
            double[][] inside = {{0, 0.35}, {0.0249, 0.35}, {-0.0249, 0.3749}};
            double[][] outside = {{0.0251, 0.35}, {0, 0.3249}, {0, 0.3751}, {0, 0.5}};
            for (double[] b : inside) assertEquals(1.0, rewardWithBallAt(env, p, b), "ball at " + b[0] + ", " + b[1]);
            for (double[] b : outside) assertEquals(0.0, rewardWithBallAt(env, p, b), "ball at " + b[0] + ", " + b[1]);
        }
    }

    private static double rewardWithBallAt(DmControlEnv env, Physics p, double[] ball) {
        p.setQpos(2, ball[0]);
        p.setQpos(3, ball[1]);
        p.forwardWithoutActuation();
        return env.task().reward(p);
    }
}
