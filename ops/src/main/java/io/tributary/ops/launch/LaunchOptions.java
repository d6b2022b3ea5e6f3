package io.tributary.ops.launch;

import java.nio.file.Path;

/**
 * The {@code launch} command's options that belong to a target rather than to the job.
 *
 * @param hosts  ssh: the hosts file (one host per line, the learner's first); null elsewhere
 * @param out    slurm/k8s: where the generated script or manifests are written; null: the run directory
 * @param submit slurm: submit the script with sbatch (false: write it only); k8s: apply with kubectl (false: write only)
 */
public record LaunchOptions(Path hosts, Path out, boolean submit) {}
