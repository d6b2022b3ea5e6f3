package io.tributary.protocol.codec;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.PolicyVersion;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class WeightsChunkingTest {

    private final PolicySpec spec = PolicySpec.cleanRl(67, 21);

    static List<UnsafeBuffer> chunks(WeightsChunker chunker, PolicyVersion w, List<Integer> lengths) {
        chunker.load(w);
        List<UnsafeBuffer> out = new ArrayList<>();
        for (int i = 0; i < chunker.chunkCount(); i++) {
            UnsafeBuffer b = new UnsafeBuffer(new byte[chunker.maxChunkMessageLength()]);
            lengths.add(chunker.writeChunk(i, b, 0));
            out.add(b);
        }
        return out;
    }

    @Test
    void oneChunkAndManyChunksInAnyOrderReassembleExactly() {
        PolicyVersion src = Fixtures.weights(spec, 7, 1);
        for (int maxMessage : new int[] {1 << 20, 4096, 1408, 200}) {
            WeightsChunker chunker = new WeightsChunker(spec, maxMessage);
            List<Integer> lengths = new ArrayList<>();
            List<UnsafeBuffer> cs = chunks(chunker, src, lengths);
            assertTrue(lengths.stream().allMatch(l -> l <= maxMessage));
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < cs.size(); i++) order.add(i);
            Collections.shuffle(order, new Random(maxMessage));
            WeightsReassembler re = new WeightsReassembler(spec);
            PolicyVersion dst = new PolicyVersion(spec);
            for (int k = 0; k < order.size(); k++) {
                int i = order.get(k);
                DecodeResult r = re.onChunk(cs.get(i), 0, lengths.get(i), dst);
                assertEquals(k == order.size() - 1 ? DecodeResult.OK : DecodeResult.INCOMPLETE, r);
            }
            assertEquals(7, dst.version);
            assertArrayEquals(src.weights, dst.weights);
            assertArrayEquals(src.obsMean, dst.obsMean);
            assertArrayEquals(src.obsVar, dst.obsVar);
            assertEquals(src.obsCount, dst.obsCount);
            // The same version again (the learner's re-broadcast for another actor) is held already: not a drop.
            DecodeResult again = re.onChunk(cs.get(0), 0, lengths.get(0), dst);
            assertEquals(DecodeResult.ALREADY_HELD, again);
            assertFalse(again.isDrop());
        }
    }

    @Test
    void newerVersionAbandonsAnIncompleteOne() {
        WeightsChunker chunker = new WeightsChunker(spec, 4096);
        List<Integer> l5 = new ArrayList<>();
        List<UnsafeBuffer> v5 = chunks(chunker, Fixtures.weights(spec, 5, 5), l5);
        List<Integer> l6 = new ArrayList<>();
        List<UnsafeBuffer> v6 = chunks(chunker, Fixtures.weights(spec, 6, 6), l6);
        WeightsReassembler re = new WeightsReassembler(spec);
        PolicyVersion dst = new PolicyVersion(spec);
        assertEquals(DecodeResult.INCOMPLETE, re.onChunk(v5.get(0), 0, l5.get(0), dst));
        DecodeResult last = null;
        for (int i = 0; i < v6.size(); i++) last = re.onChunk(v6.get(i), 0, l6.get(i), dst);
        assertEquals(DecodeResult.OK, last);
        assertEquals(6, dst.version);
        DecodeResult older = re.onChunk(v5.get(1), 0, l5.get(1), dst);
        assertEquals(DecodeResult.STALE, older);
        assertTrue(older.isDrop(), "a version older than the one held is out of order: a drop");
    }

    @Test
    void foreignSpecIsDropped() {
        PolicySpec other = PolicySpec.cleanRl(3, 1);
        WeightsChunker chunker = new WeightsChunker(other, 1 << 16);
        List<Integer> lengths = new ArrayList<>();
        List<UnsafeBuffer> cs = chunks(chunker, Fixtures.weights(other, 1, 1), lengths);
        WeightsReassembler re = new WeightsReassembler(spec);
        assertEquals(DecodeResult.FOREIGN_SPEC, re.onChunk(cs.get(0), 0, lengths.get(0), new PolicyVersion(spec)));
    }
}
