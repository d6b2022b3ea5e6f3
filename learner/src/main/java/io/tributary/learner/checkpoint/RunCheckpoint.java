package io.tributary.learner.checkpoint;

import io.tributary.envs.state.StateMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One checkpoint of a run ({@link RunCheckpointFile} writes and reads it): the run's resolved configuration (what
 * {@code config.properties} holds), the learner's {@link TrainingState}, and, in single-process mode, the rollout's
 * state (env copies, worker, CleanRL normalization, trainer counters) that makes a resume bit-exact; null in the
 * pipeline, whose actors start fresh episodes.
 */
public record RunCheckpoint(Map<String, String> config, TrainingState learner, StateMap rollout) {

    public RunCheckpoint {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        if (learner == null) throw new IllegalArgumentException("a checkpoint needs the learner's state");
    }

    /** Updates done when it was taken. */
    public int iteration() {
        return learner.iteration();
    }
}
