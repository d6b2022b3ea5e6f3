package io.tributary.learner.checkpoint;

import io.tributary.envs.state.ChecksummedFrame;
import io.tributary.envs.stats.ReturnNormalizer;
import io.tributary.envs.stats.RunningMeanStd;
import io.tributary.learner.algo.AlgorithmState;
import io.tributary.learner.nn.Adam;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The binary form of a {@link TrainingState}, little-endian:
 * <pre>
 *   int    magic "TRBC"
 *   int    format version (3; version 2, still read, had no arrays section; version 1 had an opaque
 *          normalization byte array, always empty)
 *   int    total length in bytes, checksum included
 *   string algorithm                                  (string: int byte count, UTF-8 bytes)
 *   long   spec hash
 *   int count, per hyperparameter: string key, string value
 *   long version, int iteration, long global step
 *   int P, float[P] parameters
 *   int count, per optimizer: string name, long step, int n, float[n] m, float[n] v
 *   int count, per generator: string name, int n, long[n] state
 *   int count, per array: string name, int n, float[n]     (the algorithm's data across iterations; version 3)
 *   int    normalization present (0 or 1); when 1:
 *            moments observations, moments return statistic  (moments: double count, int d, double[d] mean, double[d] var)
 *            int n, double[n] per-copy discounted returns
 *   int    CRC32C of every byte before it
 * </pre>
 * Reading checks the magic, the version, the length against the data, the checksum, every count against what
 * remains, and that nothing is left over; each failure says which.
 */
public final class TrainingStateCodec {

    public static final int MAGIC = 0x43425254; // "TRBC" in little-endian byte order
    public static final int FORMAT_VERSION = 3;
    private static final int HEADER = ChecksummedFrame.HEADER;
    private static final int CHECKSUM = ChecksummedFrame.CHECKSUM;

    private TrainingStateCodec() {}

    public static byte[] encode(TrainingState s) {
        byte[] algorithm = s.algorithm().getBytes(StandardCharsets.UTF_8);
        AlgorithmState a = s.algorithmState();
        long size = HEADER + 4L + algorithm.length + 8 + 4 + 8 + 4 + 8 + 4 + 4L * s.parameters().length + 4;
        for (Map.Entry<String, String> e : s.hyperparameters().entrySet()) {
            size += 8L + utf8(e.getKey()).length + utf8(e.getValue()).length;
        }
        for (Map.Entry<String, Adam.State> e : a.optimizers().entrySet()) {
            size += 4L + utf8(e.getKey()).length + 8 + 4 + 8L * e.getValue().m().length;
        }
        size += 4;
        for (Map.Entry<String, long[]> e : a.generators().entrySet()) {
            size += 4L + utf8(e.getKey()).length + 4 + 8L * e.getValue().length;
        }
        size += 4;
        for (Map.Entry<String, float[]> e : a.arrays().entrySet()) {
            size += 4L + utf8(e.getKey()).length + 4 + 4L * e.getValue().length;
        }
        size += 4L + normalizationSize(s.normalization()) + CHECKSUM;
        if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("training state too large: " + size + " bytes");
        ByteBuffer b = ChecksummedFrame.begin(MAGIC, FORMAT_VERSION, (int) size);
        putBytes(b, algorithm);
        b.putLong(s.specHash());
        b.putInt(s.hyperparameters().size());
        for (Map.Entry<String, String> e : s.hyperparameters().entrySet()) {
            putBytes(b, utf8(e.getKey()));
            putBytes(b, utf8(e.getValue()));
        }
        b.putLong(s.version()).putInt(s.iteration()).putLong(s.globalStep());
        putFloats(b, s.parameters());
        b.putInt(a.optimizers().size());
        for (Map.Entry<String, Adam.State> e : a.optimizers().entrySet()) {
            putBytes(b, utf8(e.getKey()));
            b.putLong(e.getValue().step());
            b.putInt(e.getValue().m().length);
            for (float x : e.getValue().m()) b.putFloat(x);
            for (float x : e.getValue().v()) b.putFloat(x);
        }
        b.putInt(a.generators().size());
        for (Map.Entry<String, long[]> e : a.generators().entrySet()) {
            putBytes(b, utf8(e.getKey()));
            b.putInt(e.getValue().length);
            for (long x : e.getValue()) b.putLong(x);
        }
        b.putInt(a.arrays().size());
        for (Map.Entry<String, float[]> e : a.arrays().entrySet()) {
            putBytes(b, utf8(e.getKey()));
            putFloats(b, e.getValue());
        }
        putNormalization(b, s.normalization());
        return ChecksummedFrame.seal(b);
    }

    public static TrainingState decode(byte[] data) {
        ByteBuffer b = ChecksummedFrame.open(data, MAGIC, "TRBC", v -> v == FORMAT_VERSION || v == 2,
                "versions 2 and " + FORMAT_VERSION, TrainingStateCodec::corrupt);
        int format = b.getInt(4);
        try {
            String algorithm = string(b, "algorithm");
            long specHash = b.getLong();
            int hpCount = count(b, 8, "hyperparameter count");
            Map<String, String> hp = new LinkedHashMap<>();
            for (int i = 0; i < hpCount; i++) {
                String key = string(b, "hyperparameter key");
                hp.put(key, string(b, "hyperparameter '" + key + "'"));
            }
            long version = b.getLong();
            int iteration = b.getInt();
            long globalStep = b.getLong();
            float[] params = floats(b, count(b, 4, "parameters"));
            int optimizers = count(b, 1, "optimizer count");
            Map<String, Adam.State> opt = new LinkedHashMap<>();
            for (int i = 0; i < optimizers; i++) {
                String name = string(b, "optimizer name");
                long step = b.getLong();
                int n = count(b, 8, "optimizer '" + name + "' moments");
                opt.put(name, new Adam.State(step, floats(b, n), floats(b, n)));
            }
            int generators = count(b, 1, "generator count");
            Map<String, long[]> gen = new LinkedHashMap<>();
            for (int i = 0; i < generators; i++) {
                String name = string(b, "generator name");
                long[] st = new long[count(b, 8, "generator '" + name + "' state")];
                for (int k = 0; k < st.length; k++) st[k] = b.getLong();
                gen.put(name, st);
            }
            Map<String, float[]> arrays = new LinkedHashMap<>();
            if (format >= 3) {
                int count = count(b, 1, "array count");
                for (int i = 0; i < count; i++) {
                    String name = string(b, "array name");
                    arrays.put(name, floats(b, count(b, 4, "array '" + name + "'")));
                }
            }
            NormalizationState normalization = normalization(b);
            if (b.hasRemaining()) throw corrupt("has " + b.remaining() + " unread bytes before its checksum");
            return new TrainingState(algorithm, specHash, hp, version, iteration, globalStep, params,
                    new AlgorithmState(opt, gen, arrays), normalization);
        } catch (BufferUnderflowException e) {
            throw corrupt("ends inside a field (fixed-size fields overrun the data)");
        }
    }

    /** Writes atomically: a sibling temporary file, then a move over {@code file}. */
    public static void write(Path file, TrainingState s) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, encode(s));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    public static TrainingState read(Path file) {
        try {
            return decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static long normalizationSize(NormalizationState n) {
        if (n == null) return 0;
        return momentsSize(n.observations()) + momentsSize(n.rewards().stats()) + 4 + 8L * n.rewards().returns().length;
    }

    private static long momentsSize(RunningMeanStd.Moments m) {
        return 8 + 4 + 16L * m.mean().length;
    }

    private static void putNormalization(ByteBuffer b, NormalizationState n) {
        b.putInt(n == null ? 0 : 1);
        if (n == null) return;
        putMoments(b, n.observations());
        putMoments(b, n.rewards().stats());
        double[] returns = n.rewards().returns();
        b.putInt(returns.length);
        for (double x : returns) b.putDouble(x);
    }

    private static void putMoments(ByteBuffer b, RunningMeanStd.Moments m) {
        double[] mean = m.mean();
        double[] var = m.var();
        b.putDouble(m.count()).putInt(mean.length);
        for (double x : mean) b.putDouble(x);
        for (double x : var) b.putDouble(x);
    }

    private static NormalizationState normalization(ByteBuffer b) {
        int present = b.getInt();
        if (present == 0) return null;
        if (present != 1) throw corrupt("field 'normalization present' is " + present + ", not 0 or 1");
        RunningMeanStd.Moments observations = moments(b, "observation statistics");
        RunningMeanStd.Moments returnStats = moments(b, "return statistic");
        double[] returns = doubles(b, count(b, 8, "per-copy returns"));
        try {
            return new NormalizationState(observations, new ReturnNormalizer.State(returnStats, returns));
        } catch (IllegalArgumentException e) {
            throw corrupt("holds a malformed normalization section: " + e.getMessage());
        }
    }

    private static RunningMeanStd.Moments moments(ByteBuffer b, String field) {
        double count = b.getDouble();
        int d = count(b, 16, field);
        double[] mean = doubles(b, d);
        return new RunningMeanStd.Moments(count, mean, doubles(b, d));
    }

    private static double[] doubles(ByteBuffer b, int n) {
        double[] d = new double[n];
        b.asDoubleBuffer().get(d);
        b.position(b.position() + 8 * n);
        return d;
    }

    /** A count of elements of {@code bytes} bytes each, checked against what remains. */
    private static int count(ByteBuffer b, int bytes, String field) {
        int n = b.getInt();
        if (n < 0 || (long) n * bytes > b.remaining()) {
            throw corrupt("field '" + field + "' claims " + n + " elements of " + bytes + " bytes, " + b.remaining()
                    + " bytes remain");
        }
        return n;
    }

    private static String string(ByteBuffer b, String field) {
        byte[] s = new byte[count(b, 1, field)];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static float[] floats(ByteBuffer b, int n) {
        if (4L * n > b.remaining()) throw corrupt("ends inside a float array of " + n + " elements");
        float[] f = new float[n];
        b.asFloatBuffer().get(f);
        b.position(b.position() + 4 * n);
        return f;
    }

    private static void putFloats(ByteBuffer b, float[] f) {
        b.putInt(f.length);
        b.asFloatBuffer().put(f);
        b.position(b.position() + 4 * f.length);
    }

    private static void putBytes(ByteBuffer b, byte[] s) {
        b.putInt(s.length);
        b.put(s);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }


    private static IllegalArgumentException corrupt(String what) {
        return new IllegalArgumentException("checkpoint " + what);
    }
}
