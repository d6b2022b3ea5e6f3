package io.tributary.actors;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.protocol.TrajectoryFragment;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FragmentMergerTest {

    /** A part whose every value encodes (part, t, local env). */
    private static TrajectoryFragment part(int p, int m, int steps, Random rnd) {
        TrajectoryFragment f = new TrajectoryFragment(m, steps, 2, 1);
        f.policyVersion = 5;
        f.specHash = 9;
        for (int t = 0; t < steps; t++) {
            for (int j = 0; j < m; j++) {
                int r = t * m + j;
                f.observations[r * 2] = p * 1000 + t * 10 + j;
                f.observations[r * 2 + 1] = (float) rnd.nextGaussian();
                f.actions[r] = -(p * 1000 + t * 10 + j);
                f.rewards[r] = p * 1000 + t * 10 + j;
                f.truncated[r] = t == steps - 1 && j == 0;
            }
        }
        for (int j = 0; j < m; j++) f.nextObservations[j * 2] = p * 1000 + 999 + j;
        f.addEpisode(-p, 200 + p);
        return f;
    }

    @Test
    void rowsLandAtTheirGlobalEnv() {
        Random rnd = new Random(1);
        int k = 3, m = 2, steps = 5, n = k * m;
        TrajectoryFragment[] parts = new TrajectoryFragment[k];
        for (int p = 0; p < k; p++) parts[p] = part(p, m, steps, rnd);
        TrajectoryFragment into = new TrajectoryFragment(n, steps, 2, 1);
        FragmentMerger.merge(parts, into);
        for (int t = 0; t < steps; t++) {
            for (int e = 0; e < n; e++) {
                int p = e / m, j = e % m, row = t * n + e;
                assertEquals(p * 1000 + t * 10 + j, into.observations[row * 2]);
                assertEquals(-(p * 1000 + t * 10 + j), into.actions[row]);
                assertEquals(p * 1000 + t * 10 + j, into.rewards[row]);
                assertEquals(t == steps - 1 && j == 0, into.truncated[row]);
            }
        }
        for (int e = 0; e < n; e++) assertEquals((e / m) * 1000 + 999 + e % m, into.nextObservations[e * 2]);
        assertEquals(k, into.episodeCount);
        assertEquals(5, into.policyVersion);
    }

    @Test
    void partsThatDoNotFitAreRejected() {
        TrajectoryFragment[] parts = {new TrajectoryFragment(2, 5, 2, 1), new TrajectoryFragment(2, 5, 2, 1)};
        assertThrows(IllegalArgumentException.class, () -> FragmentMerger.merge(parts, new TrajectoryFragment(3, 5, 2, 1)));
    }
}
