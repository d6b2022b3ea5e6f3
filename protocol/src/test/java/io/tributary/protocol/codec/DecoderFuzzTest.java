package io.tributary.protocol.codec;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.protocol.PolicySpec;
import io.tributary.protocol.TrajectoryFragment;
import io.tributary.protocol.PolicyVersion;
import io.tributary.protocol.control.ControlCodec;
import io.tributary.protocol.control.ControlMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Throws random bytes, truncations and single/multi bit flips at every decoder. Every damaged message must be
 * dropped with a reason (never an exception), counted exactly once, and the intact message must still decode
 * afterwards (the decoder holds no poisoned state).
 */
class DecoderFuzzTest {

    private static final int CASES = 3000;
    private final PolicySpec spec = PolicySpec.cleanRl(17, 6);

    /** A damaged copy of {@code good}: random bytes, a truncation, or bit flips. Never identical to it. */
    private static byte[] damage(byte[] good, int goodLength, Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> { // random bytes of a random length, sometimes with a valid-looking header prefix
                byte[] b = new byte[rnd.nextInt(goodLength * 2 + 1)];
                rnd.nextBytes(b);
                if (rnd.nextBoolean() && b.length >= MessageHeader.LENGTH) System.arraycopy(good, 0, b, 0, MessageHeader.LENGTH);
                yield b;
            }
            case 1 -> java.util.Arrays.copyOf(good, rnd.nextInt(goodLength)); // truncation
            case 2 -> { // extension with garbage
                byte[] b = java.util.Arrays.copyOf(good, goodLength + 1 + rnd.nextInt(64));
                yield b;
            }
            default -> { // 1..8 bit flips
                byte[] b = java.util.Arrays.copyOf(good, goodLength);
                int flips = 1 + rnd.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    int bit = rnd.nextInt(goodLength * 8);
                    b[bit >> 3] ^= (byte) (1 << (bit & 7));
                }
                if (java.util.Arrays.equals(b, java.util.Arrays.copyOf(good, goodLength))) b[0] ^= 1; // flips cancelled out
                yield b;
            }
        };
    }

    @Test
    void trajectoryFragmentDecoder() {
        TrajectoryFragment src = Fixtures.fragment(spec, 4, 8, 11);
        byte[] good = new byte[TrajectoryFragmentLayout.maxLength(4, 8, 17, 6)];
        int goodLength = new TrajectoryFragmentEncoder().encode(src, new UnsafeBuffer(good), 0);
        TrajectoryFragmentDecoder decoder = new TrajectoryFragmentDecoder(spec.hash());
        TrajectoryFragment dst = new TrajectoryFragment(4, 8, 17, 6);
        DropCounters counters = Fixtures.counters("fragments");
        Random rnd = new Random(42);
        for (int i = 0; i < CASES; i++) {
            byte[] bad = damage(good, goodLength, rnd);
            DecodeResult r = counters.record(decoder.decode(new UnsafeBuffer(bad), 0, bad.length, dst));
            assertTrue(r.isDrop(), "case " + i + " decoded a damaged message: " + r);
        }
        assertEquals(CASES, counters.total());
        assertTrue(counters.get(DecodeResult.BAD_CHECKSUM) > 0);
        assertTrue(counters.get(DecodeResult.TOO_SHORT) > 0 || counters.get(DecodeResult.LENGTH_MISMATCH) > 0);
        assertEquals(DecodeResult.OK, decoder.decode(new UnsafeBuffer(good), 0, goodLength, dst));
        assertArrayEquals(src.observations, dst.observations);
    }

    @Test
    void weightsReassembler() {
        WeightsChunker chunker = new WeightsChunker(spec, 2048);
        List<Integer> lengths = new ArrayList<>();
        List<UnsafeBuffer> chunks = WeightsChunkingTest.chunks(chunker, Fixtures.weights(spec, 3, 3), lengths);
        assertTrue(chunks.size() > 3);
        WeightsReassembler re = new WeightsReassembler(spec);
        PolicyVersion dst = new PolicyVersion(spec);
        DropCounters counters = Fixtures.counters("weights");
        Random rnd = new Random(43);
        for (int i = 0; i < CASES; i++) {
            int c = rnd.nextInt(chunks.size());
            byte[] bad = damage(chunks.get(c).byteArray(), lengths.get(c), rnd);
            DecodeResult r = counters.record(re.onChunk(new UnsafeBuffer(bad), 0, bad.length, dst));
            assertTrue(r.isDrop(), "case " + i + " accepted a damaged chunk: " + r);
        }
        assertEquals(CASES, counters.total());
        DecodeResult last = null;
        for (int c = 0; c < chunks.size(); c++) last = re.onChunk(chunks.get(c), 0, lengths.get(c), dst);
        assertEquals(DecodeResult.OK, last);
        assertEquals(3, dst.version);
    }

    @Test
    void controlCodec() {
        ControlCodec codec = new ControlCodec();
        DropCounters counters = Fixtures.counters("control");
        Random rnd = new Random(44);
        ControlMessage[] messages = {
            new ControlMessage.Hello(77L, -5L, 1234567, "host-a", 1234, "Pendulum-v1", spec.hash(), 8, 64, -1),
            new ControlMessage.Assign(77L, 3, 99L, 1234567),
            new ControlMessage.Heartbeat(3, 77L, 12, 11, 4096, 1_700_000_000_000L),
            new ControlMessage.Shutdown("training finished"),
            new ControlMessage.Resend(3, 71),
            new ControlMessage.Goodbye(3, 77L, "SIGTERM"),
        };
        int cases = 0;
        for (ControlMessage m : messages) {
            byte[] good = new byte[ControlCodec.MAX_LENGTH];
            int goodLength = codec.encode(m, new UnsafeBuffer(good), 0);
            assertEquals(m, codec.decode(new UnsafeBuffer(good), 0, goodLength));
            for (int i = 0; i < CASES / 4; i++, cases++) {
                byte[] bad = damage(good, goodLength, rnd);
                ControlMessage got = codec.decode(new UnsafeBuffer(bad), 0, bad.length);
                assertNull(got, "case " + i + " decoded a damaged control message");
                counters.record(codec.lastResult());
            }
            assertEquals(m, codec.decode(new UnsafeBuffer(good), 0, goodLength));
        }
        assertEquals(cases, counters.total());
    }

    @Test
    void aGoodbyeRoundTripsAndEveryTruncatedOrBitFlippedCopyIsACleanDrop() {
        ControlCodec codec = new ControlCodec();
        ControlMessage.Goodbye goodbye = new ControlMessage.Goodbye(5, 0x1234_5678_9abcL, "actor stopping: SIGTERM");
        byte[] good = new byte[ControlCodec.MAX_LENGTH];
        int goodLength = codec.encode(goodbye, new UnsafeBuffer(good), 0);
        assertEquals(goodbye, codec.decode(new UnsafeBuffer(good), 0, goodLength));
        assertEquals(DecodeResult.OK, codec.lastResult());
        DropCounters counters = Fixtures.counters("goodbye");
        for (int cut = 0; cut < goodLength; cut++) { // every truncation
            assertNull(codec.decode(new UnsafeBuffer(java.util.Arrays.copyOf(good, cut)), 0, cut), "truncated to " + cut);
            assertTrue(counters.record(codec.lastResult()).isDrop(), "truncated to " + cut + ": " + codec.lastResult());
        }
        for (int bit = 0; bit < goodLength * 8; bit++) { // every single bit flip
            byte[] b = java.util.Arrays.copyOf(good, goodLength);
            b[bit >> 3] ^= (byte) (1 << (bit & 7));
            assertNull(codec.decode(new UnsafeBuffer(b), 0, goodLength), "bit " + bit + " flipped");
            assertTrue(counters.record(codec.lastResult()).isDrop(), "bit " + bit + ": " + codec.lastResult());
        }
        assertEquals(goodLength + goodLength * 8L, counters.total(), "each damaged copy counted once");
        assertEquals(goodbye, codec.decode(new UnsafeBuffer(good), 0, goodLength), "no poisoned state");
    }

    @Test
    void kryoLevelGarbageBehindAValidHeaderIsBadControlNotAnException() {
        // Valid header and checksum around bytes Kryo cannot make sense of: only Kryo's own checks stand between
        // these and the learner.
        ControlCodec codec = new ControlCodec();
        Random rnd = new Random(45);
        io.tributary.protocol.codec.Crc32c crc = new io.tributary.protocol.codec.Crc32c();
        int bad = 0;
        for (int i = 0; i < 2000; i++) {
            int bodyLength = rnd.nextInt(64);
            UnsafeBuffer b = new UnsafeBuffer(new byte[MessageHeader.LENGTH + bodyLength]);
            byte[] body = new byte[bodyLength];
            rnd.nextBytes(body);
            if (bodyLength > 0 && rnd.nextBoolean()) body[0] = (byte) (22 + rnd.nextInt(4)); // a registered class id (Kryo writes id + 2)
            b.putBytes(MessageHeader.LENGTH, body);
            MessageHeader.write(b, 0, MessageType.CONTROL, b.capacity(), crc);
            ControlMessage m = codec.decode(b, 0, b.capacity());
            if (m == null) {
                assertEquals(DecodeResult.BAD_CONTROL, codec.lastResult());
                bad++;
            }
        }
        assertTrue(bad > 1000, "most random bodies are rejected: " + bad);
    }
}
