package io.tributary.protocol.codec;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class TrajectoryFragmentCodecTest {

    private final PolicySpec spec = PolicySpec.cleanRl(67, 21);

    @Test
    void roundTripsEveryFieldOffHeapAndOnHeap() {
        TrajectoryFragment src = Fixtures.fragment(spec, 8, 16, 1);
        int max = TrajectoryFragmentLayout.maxLength(8, 16, 67, 21);
        for (UnsafeBuffer buf : new UnsafeBuffer[] {new UnsafeBuffer(new byte[max + 7]), new UnsafeBuffer(BufferUtil.allocateDirectAligned(max + 64, 64))}) {
            int len = new TrajectoryFragmentEncoder().encode(src, buf, 7);
            TrajectoryFragment dst = new TrajectoryFragment(8, 16, 67, 21);
            assertEquals(DecodeResult.OK, new TrajectoryFragmentDecoder(spec.hash()).decode(buf, 7, len, dst));
            assertEquals(src.actorId, dst.actorId);
            assertEquals(src.sequence, dst.sequence);
            assertEquals(src.policyVersion, dst.policyVersion);
            assertEquals(src.specHash, dst.specHash);
            assertArrayEquals(src.observations, dst.observations);
            assertArrayEquals(src.actions, dst.actions);
            assertArrayEquals(src.logProbs, dst.logProbs);
            assertArrayEquals(src.rewards, dst.rewards);
            assertArrayEquals(src.terminated, dst.terminated);
            assertArrayEquals(src.truncated, dst.truncated);
            for (int r = 0; r < src.rows(); r++) {
                if (!src.truncated[r]) continue;
                for (int i = 0; i < 67; i++) assertEquals(src.finalObservations[r * 67 + i], dst.finalObservations[r * 67 + i]);
            }
            assertArrayEquals(src.nextObservations, dst.nextObservations);
            assertEquals(src.episodeCount, dst.episodeCount);
            assertTrue(src.episodeCount > 0, "fixture has finished episodes");
            for (int e = 0; e < src.episodeCount; e++) {
                assertEquals(src.episodeReturns[e], dst.episodeReturns[e]);
                assertEquals(src.episodeLengths[e], dst.episodeLengths[e]);
            }
        }
    }

    @Test
    void foreignSpecAndOtherShapeAreRejectedBeforeReading() {
        TrajectoryFragment src = Fixtures.fragment(spec, 2, 4, 2);
        UnsafeBuffer buf = new UnsafeBuffer(new byte[TrajectoryFragmentLayout.maxLength(2, 4, 67, 21)]);
        int len = new TrajectoryFragmentEncoder().encode(src, buf, 0);
        TrajectoryFragment dst = new TrajectoryFragment(2, 4, 67, 21);
        assertEquals(DecodeResult.FOREIGN_SPEC, new TrajectoryFragmentDecoder(PolicySpec.cleanRl(3, 1).hash()).decode(buf, 0, len, dst));
        assertEquals(DecodeResult.SHAPE_MISMATCH, new TrajectoryFragmentDecoder(spec.hash()).decode(buf, 0, len, new TrajectoryFragment(2, 5, 67, 21)));
        assertEquals(DecodeResult.TOO_SHORT, new TrajectoryFragmentDecoder(spec.hash()).decode(buf, 0, 10, dst));
        assertEquals(DecodeResult.LENGTH_MISMATCH, new TrajectoryFragmentDecoder(spec.hash()).decode(buf, 0, len - 1, dst));
    }

    @Test
    void nonFiniteValuesAreDropped() {
        TrajectoryFragment src = Fixtures.fragment(spec, 2, 4, 3);
        src.rewards[5] = Float.NaN;
        UnsafeBuffer buf = new UnsafeBuffer(new byte[TrajectoryFragmentLayout.maxLength(2, 4, 67, 21)]);
        int len = new TrajectoryFragmentEncoder().encode(src, buf, 0);
        assertEquals(DecodeResult.NON_FINITE, new TrajectoryFragmentDecoder(spec.hash()).decode(buf, 0, len, new TrajectoryFragment(2, 4, 67, 21)));
    }
}
