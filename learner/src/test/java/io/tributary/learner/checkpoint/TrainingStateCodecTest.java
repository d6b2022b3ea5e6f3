package io.tributary.learner.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.envs.stats.ReturnNormalizer;
import io.tributary.envs.stats.RunningMeanStd;
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

    private static NormalizationState statistics() {
        RunningMeanStd.Moments obs = new RunningMeanStd.Moments(64.0001, new double[] {0.5, -1e-300, 3}, new double[] {2, Double.MIN_VALUE, 0});
        RunningMeanStd.Moments ret = new RunningMeanStd.Moments(1e-4 + 128, new double[] {-7.25}, new double[] {12.5});
        return new NormalizationState(obs, new ReturnNormalizer.State(ret, new double[] {-0.0, 1.5, 0, -41.75}));
    }

    private static TrainingState sample() {
        return sample(statistics());
    }

    private static TrainingState sample(NormalizationState normalization) {
        Map<String, Adam.State> opt = new LinkedHashMap<>();
        opt.put("adam", new Adam.State(41, new float[] {1f, -2f, Float.MIN_VALUE}, new float[] {3f, 0f, Float.NaN}));
        opt.put("value-adam", new Adam.State(0, new float[0], new float[0]));
        Map<String, long[]> gen = new LinkedHashMap<>();
        gen.put("minibatches", new long[] {1, Long.MIN_VALUE, -1, 7});
        Map<String, String> hp = new LinkedHashMap<>();
        hp.put("env-id", "dm_control/cartpole-swingup-v0");
        hp.put("learning-rate", "3.0E-4");
        return new TrainingState("rpo", 0x1234_5678_9abcL, hp, 12, 12, 24_576, new float[] {0.5f, -0f, 1e-30f},
                new AlgorithmState(opt, gen, Map.of("history-0-advantages", new float[] {1.5f, -0f, Float.NaN})), normalization);
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
        assertArrayEquals(bits(s.algorithmState().array("history-0-advantages")), bits(r.algorithmState().array("history-0-advantages")));
        NormalizationState n = r.normalization();
        assertEquals(64.0001, n.observations().count());
        assertArrayEquals(statistics().observations().mean(), n.observations().mean());
        assertArrayEquals(statistics().observations().var(), n.observations().var());
        assertEquals(1e-4 + 128, n.rewards().stats().count());
        assertArrayEquals(new double[] {-7.25}, n.rewards().stats().mean());
        assertArrayEquals(new double[] {12.5}, n.rewards().stats().var());
        assertArrayEquals(new double[] {-0.0, 1.5, 0, -41.75}, n.rewards().returns());
        assertArrayEquals(bytes, TrainingStateCodec.encode(r));
    }

    @Test
    void aStateWithoutNormalizationStatisticsDecodesToNone() {
        byte[] bytes = TrainingStateCodec.encode(sample(null));
        assertNull(TrainingStateCodec.decode(bytes).normalization());
        assertTrue(bytes.length < TrainingStateCodec.encode(sample()).length);
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
        // version 1 files (an opaque, always empty, normalization field) are not read by this build
        ByteBuffer.wrap(version).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 1);
        assertMessage(version, "format version 1; this build reads versions 2 and 3");
        // a count that overruns the data, with a checksum that matches: the length checks, not the CRC, catch it
        byte[] overrun = good.clone();
        ByteBuffer.wrap(overrun).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 1000);
        reseal(overrun);
        assertMessage(overrun, "field 'algorithm' claims 1000");
        // the per-copy returns' count (the last field before the checksum) overrunning the data
        byte[] returns = good.clone();
        ByteBuffer.wrap(returns).order(ByteOrder.LITTLE_ENDIAN).putInt(good.length - 4 - 4 * 8 - 4, 5);
        reseal(returns);
        assertMessage(returns, "field 'per-copy returns' claims 5");
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
