package io.tributary.learner.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.envs.stats.ReturnNormalizer;
import io.tributary.learner.LearnerNormalization;
import io.tributary.learner.algo.Hyperparameters;
import io.tributary.learner.checkpoint.NormalizationState;
import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.codec.DropCounters;
import io.tributary.transport.TransportConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

/**
 * A replacement that takes over a lost actor's id starts fresh episodes, so the learner's per-copy discounted-return
 * trackers of that actor's env copies restart at 0 (as a fresh NormalizeReward wrapper's would) before its first
 * fragment is learned, and not before: a fragment the lost process delivered still continues its episodes.
 */
class ReturnTrackerRestartTest {

    static LearnerState state() {
        CountersManager cm = new CountersManager(new UnsafeBuffer(new byte[1 << 16]), new UnsafeBuffer(new byte[1 << 14]));
        Hyperparameters hp = Hyperparameters.rpo("Pendulum-v1").with("num-envs", "4").with("num-steps", "8").with("num-minibatches", "2");
        PipelineConfig cfg = new PipelineConfig(hp, 2, 2, TransportConfig.defaults(TransportConfig.Mode.IPC), Path.of("unused"),
                false, 1000, 1000, 1, 0.0);
        PolicySpec spec = hp.policySpec(3, 1);
        LearnerState st = new LearnerState(cfg, spec, new DropCounters("fragments", (type, label) -> cm.newCounter(label, type)),
                new LearnerCounters((type, label) -> cm.newCounter(label, type)));
        st.out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        st.join(10L, 1L, 100, 0);
        st.join(11L, 2L, 101, 1);
        st.nextVersion(0);
        // every copy (actor 0: copies 0, 1; actor 1: copies 2, 3) is mid-episode with return -5
        LearnerNormalization norm = st.learner.normalization();
        NormalizationState s = norm.state();
        norm.restore(new NormalizationState(s.observations(), new ReturnNormalizer.State(s.rewards().stats(), new double[] {-5, -5, -5, -5})));
        return st;
    }

    static double[] returns(LearnerState st) {
        return st.learner.normalization().state().rewards().returns();
    }

    @Test
    void aReplacementCollectingTheMissingFragmentRestartsItsCopiesTrackersBeforeThisVersionsUpdate() {
        LearnerState st = state();
        st.lost(1, "test: kill -9");
        assertEquals(1, st.join(20L, 3L, 102, 1), "the replacement takes over id 1");
        st.restartReturnTrackers(0);
        assertArrayEquals(new double[] {-5, -5, 0, 0}, returns(st), 0.0, "only actor 1's copies restart");
        st.learner.normalization().restore(new NormalizationState(st.learner.normalization().state().observations(),
                new ReturnNormalizer.State(st.learner.normalization().state().rewards().stats(), new double[] {-5, -5, -7, -7})));
        st.restartReturnTrackers(1);
        assertArrayEquals(new double[] {-5, -5, -7, -7}, returns(st), 0.0, "once per takeover");
    }

    @Test
    void aReplacementWhoseSlotWasFilledRestartsTheTrackersOnlyFromTheNextVersion() {
        LearnerState st = state();
        io.tributary.protocol.TrajectoryFragment f = st.admit(1, 0, 101);
        assertNotNull(f);
        f.actorId = 1;
        st.filled(f);
        st.lost(1, "test: kill -9 after its fragment arrived");
        assertEquals(1, st.join(20L, 3L, 102, 1));
        st.restartReturnTrackers(0);
        assertArrayEquals(new double[] {-5, -5, -5, -5}, returns(st), 0.0, "the lost process's fragment of version 0 continues its episodes");
        st.restartReturnTrackers(1);
        assertArrayEquals(new double[] {-5, -5, 0, 0}, returns(st), 0.0, "the replacement's first fragment, of version 1, starts fresh");
    }
}
