package io.tributary.learner.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.learner.algo.AlgorithmState;
import io.tributary.learner.nn.Adam;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingStateCodecTest {

    private static TrainingState sample() {
        Map<String, Adam.State> opt = new LinkedHashMap<>();
        opt.put("adam", new Adam.State(41, new float[] {1f, -2f, Float.MIN_VALUE}, new float[] {3f, 0f, Float.NaN}));
        opt.put("value-adam", new Adam.State(0, new float[0], new float[0]));
        Map<String, long[]> gen = new LinkedHashMap<>();
        gen.put("minibatches", new long[] {1, Long.MIN_VALUE, -1, 7});
        Map<String, String> hp = new LinkedHashMap<>();
        hp.put("env-id", "dm_control/cartpole-swingup-v0");
        hp.put("learning-rate", "3.0E-4");
        return new TrainingState("rpo", 0x1234_5678_9abcL, hp, 12, 12, 24_576, new float[] {0.5f, -0f, 1e-30f},
                new AlgorithmState(opt, gen), new byte[] {9, 8, 7});
    }

    @Test
    void aStateSurvivesEncodingBitForBit() {
        TrainingState s = sample();
        byte[] bytes = TrainingStateCodec.encode(s);
        TrainingState r = TrainingStateCodec.decode(bytes);
        assertEquals("rpo", r.algorithm());
        assertEquals(s.specHash(), r.specHash());
        assertEquals(s.hyperparameters(), r.hyperparameters());
        assertEquals(java.util.List.copyOf(s.hyperparameters().keySet()), java.util.List.copyOf(r.hyperparameters().keySet()));
        assertEquals(12, r.version());
        assertEquals(12, r.iteration());
        assertEquals(24_576, r.globalStep());
        assertArrayEquals(bits(s.parameters()), bits(r.parameters()));
        assertEquals(s.algorithmState().optimizers().keySet(), r.algorithmState().optimizers().keySet());
        Adam.State a = r.algorithmState().optimizer("adam");
        assertEquals(41, a.step());
        assertArrayEquals(bits(s.algorithmState().optimizer("adam").m()), bits(a.m()));
        assertArrayEquals(bits(s.algorithmState().optimizer("adam").v()), bits(a.v()));
        assertArrayEquals(s.algorithmState().generator("minibatches"), r.algorithmState().generator("minibatches"));
        assertArrayEquals(new byte[] {9, 8, 7}, r.normalization());
        assertArrayEquals(bytes, TrainingStateCodec.encode(r));
    }

    @Test
    void truncatedPaddedOrCorruptDataIsRejectedSayingWhy() {
        byte[] good = TrainingStateCodec.encode(sample());
        assertMessage(Arrays.copyOf(good, good.length - 1), "truncated or padded");
        assertMessage(Arrays.copyOf(good, good.length + 4), "truncated or padded");
        assertMessage(new byte[5], "shorter than");
        byte[] flipped = good.clone();
        flipped[40] ^= 1;
        assertMessage(flipped, "checksum mismatch");
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertMessage(magic, "magic");
        byte[] version = good.clone();
        ByteBuffer.wrap(version).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 2);
        assertMessage(version, "format version 2");
        // a count that overruns the data, with a checksum that matches: the length checks, not the CRC, catch it
        byte[] overrun = good.clone();
        ByteBuffer.wrap(overrun).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 1000);
        reseal(overrun);
        assertMessage(overrun, "field 'algorithm' claims 1000");
    }

    @Test
    void aFileIsWrittenWholeAndReadBack(@TempDir Path dir) {
        Path f = dir.resolve("state.trbc");
        TrainingStateCodec.write(f, sample());
        assertArrayEquals(TrainingStateCodec.encode(sample()), TrainingStateCodec.encode(TrainingStateCodec.read(f)));
        assertFalse(dir.resolve("state.trbc.tmp").toFile().exists());
    }

    private static void reseal(byte[] data) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(data, 0, data.length - 4);
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putInt(data.length - 4, (int) c.getValue());
    }

    private static void assertMessage(byte[] data, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingStateCodec.decode(data));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    private static int[] bits(float[] f) {
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) b[i] = Float.floatToRawIntBits(f[i]);
        return b;
    }
}
