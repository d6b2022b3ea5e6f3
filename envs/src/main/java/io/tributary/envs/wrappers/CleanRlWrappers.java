package io.tributary.envs.wrappers;

import io.tributary.envs.Env;

/**
 * The wrapper stack of CleanRL's {@code ppo_continuous_action.py} {@code make_env}, outermost last:
 * RecordEpisodeStatistics, ClipAction, NormalizeObservation, clip obs to [-10, 10], NormalizeReward(gamma),
 * clip reward to [-10, 10]. Episode statistics therefore see raw rewards; the policy sees normalized ones.
 */
public final class CleanRlWrappers {

    public static final double CLIP = 10.0;

    private CleanRlWrappers() {}

    public static Env wrap(Env env, double gamma) {
        Env e = new RecordEpisodeStatistics(env);
        e = new ClipAction(e);
        e = new NormalizeObservation(e);
        e = TransformObservation.clip(e, -CLIP, CLIP);
        e = new NormalizeReward(e, gamma);
        e = TransformReward.clip(e, -CLIP, CLIP);
        return e;
    }
}
