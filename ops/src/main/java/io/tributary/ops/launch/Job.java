package io.tributary.ops.launch;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job description: what to train (the {@code train} block: {@code tributary train}'s options without dashes, as
 * in {@code train --config}) and where ({@link Placement}). The same file launches on every target
 * ({@code tributary launch --on local|ssh|slurm|k8s --job FILE}); see docs/DEPLOY.md.
 *
 * @param file      where it was read from
 * @param name      the job's name (the file's name without {@code .conf})
 * @param train     the training options, key (no dashes) to value as typed
 * @param placement where the processes run
 */
public record Job(Path file, String name, Map<String, String> train, Placement placement) {

    /**
     * {@code train} keys that a job may not set: the placement says them, or the target does.
     */
    public static final java.util.Set<String> PLACEMENT_KEYS = java.util.Set.of("actors", "envs-per-actor", "threads-per-actor",
            "spawn", "transport", "learner-host", "actor-host", "run-id", "run-name", "runs-dir", "cluster-port", "cluster-tls",
            "fragments-port", "weights-port", "aeron-dir", "resume", "dry-run");

    public Job {
        train = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(train));
        for (String key : train.keySet()) {
            if (PLACEMENT_KEYS.contains(key)) {
                throw new IllegalArgumentException(file + ": train." + key + " is set by the placement or the launch target;"
                        + " these train keys are not allowed in a job: " + String.join(", ", new java.util.TreeSet<>(PLACEMENT_KEYS)));
            }
        }
    }
}
