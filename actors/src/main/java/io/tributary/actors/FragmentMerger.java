package io.tributary.actors;

import io.tributary.protocol.TrajectoryFragment;

/**
 * Joins the fragments of an actor's rollout threads into the actor's one fragment: thread {@code p} of {@code K}
 * steps env copies {@code p*m .. p*m+m-1} (m = N / K), so its local env {@code j} becomes env {@code p*m + j} and
 * row {@code t*m + j} becomes {@code t*N + p*m + j}; finished episodes are concatenated.
 */
public final class FragmentMerger {

    private FragmentMerger() {}

    public static void merge(TrajectoryFragment[] parts, TrajectoryFragment into) {
        int k = parts.length;
        int m = parts[0].numEnvs;
        int n = into.numEnvs;
        int od = into.observationDim;
        int ad = into.actionDim;
        if (m * k != n) throw new IllegalArgumentException(k + " parts of " + m + " envs do not make " + n);
        for (TrajectoryFragment p : parts) {
            if (p.numEnvs != m || p.steps != into.steps || p.observationDim != od || p.actionDim != ad) {
                throw new IllegalArgumentException("part shape differs from the merged fragment's");
            }
        }
        into.clearCounters();
        into.policyVersion = parts[0].policyVersion;
        into.specHash = parts[0].specHash;
        for (int pi = 0; pi < k; pi++) {
            TrajectoryFragment p = parts[pi];
            for (int t = 0; t < into.steps; t++) {
                for (int j = 0; j < m; j++) {
                    int src = t * m + j;
                    int dst = t * n + pi * m + j;
                    System.arraycopy(p.observations, src * od, into.observations, dst * od, od);
                    System.arraycopy(p.finalObservations, src * od, into.finalObservations, dst * od, od);
                    System.arraycopy(p.actions, src * ad, into.actions, dst * ad, ad);
                    into.logProbs[dst] = p.logProbs[src];
                    into.rewards[dst] = p.rewards[src];
                    into.terminated[dst] = p.terminated[src];
                    into.truncated[dst] = p.truncated[src];
                }
            }
            System.arraycopy(p.nextObservations, 0, into.nextObservations, pi * m * od, m * od);
            for (int e = 0; e < p.episodeCount; e++) into.addEpisode(p.episodeReturns[e], p.episodeLengths[e]);
        }
    }
}
