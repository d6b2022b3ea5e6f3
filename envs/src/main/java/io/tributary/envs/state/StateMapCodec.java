package io.tributary.envs.state;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary form of a {@link StateMap}, little-endian:
 * <pre>
 *   int magic "TRBS", int format version (1), int total length (checksum included), int entry count,
 *   per entry: int key byte count, UTF-8 key, byte type (0 double, 1 long, 2 int), int n, n values
 *   int CRC32C of every byte before it
 * </pre>
 * Reading checks magic, version, length, checksum, every count against what remains, and that nothing is left over.
 */
public final class StateMapCodec {

    public static final int MAGIC = 0x53425254; // "TRBS" little-endian
    public static final int FORMAT_VERSION = 1;

    private StateMapCodec() {}

    public static byte[] encode(StateMap s) {
        long size = 16 + 4;
        for (String k : s.keys()) {
            Object v = s.raw(k);
            int width = v instanceof int[] ? 4 : 8;
            size += 4L + utf8(k).length + 1 + 4 + (long) width * java.lang.reflect.Array.getLength(v);
        }
        if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("state too large: " + size + " bytes");
        ByteBuffer b = ChecksummedFrame.begin(MAGIC, FORMAT_VERSION, (int) size).putInt(s.keys().size());
        for (String k : s.keys()) {
            byte[] key = utf8(k);
            b.putInt(key.length).put(key);
            switch (s.raw(k)) {
                case double[] d -> { b.put((byte) 0).putInt(d.length); for (double x : d) b.putDouble(x); }
                case long[] l -> { b.put((byte) 1).putInt(l.length); for (long x : l) b.putLong(x); }
                case int[] i -> { b.put((byte) 2).putInt(i.length); for (int x : i) b.putInt(x); }
                default -> throw new IllegalStateException("state key '" + k + "' has an unsupported type");
            }
        }
        return ChecksummedFrame.seal(b);
    }

    public static StateMap decode(byte[] data) {
        ByteBuffer b = ChecksummedFrame.open(data, MAGIC, "TRBS", v -> v == FORMAT_VERSION, Integer.toString(FORMAT_VERSION),
                StateMapCodec::corrupt);
        StateMap s = new StateMap();
        try {
            int n = b.getInt();
            if (n < 0) throw corrupt("claims " + n + " entries");
            for (int e = 0; e < n; e++) {
                byte[] key = new byte[count(b, 1, "key of entry " + e)];
                b.get(key);
                String k = new String(key, StandardCharsets.UTF_8);
                byte type = b.get();
                switch (type) {
                    case 0 -> { double[] d = new double[count(b, 8, k)]; for (int i = 0; i < d.length; i++) d[i] = b.getDouble(); s.putDoubles(k, d); }
                    case 1 -> { long[] l = new long[count(b, 8, k)]; for (int i = 0; i < l.length; i++) l[i] = b.getLong(); s.putLongs(k, l); }
                    case 2 -> { int[] v = new int[count(b, 4, k)]; for (int i = 0; i < v.length; i++) v[i] = b.getInt(); s.putInts(k, v); }
                    default -> throw corrupt("key '" + k + "' has type " + type + ", not 0, 1 or 2");
                }
            }
        } catch (BufferUnderflowException e) {
            throw corrupt("ends inside an entry");
        }
        if (b.hasRemaining()) throw corrupt("has " + b.remaining() + " bytes after its last entry");
        return s;
    }

    private static int count(ByteBuffer b, int bytes, String field) {
        int n = b.getInt();
        if (n < 0 || (long) n * bytes > b.remaining()) {
            throw corrupt("key '" + field + "' claims " + n + " elements of " + bytes + " bytes, " + b.remaining() + " bytes remain");
        }
        return n;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }


    private static IllegalArgumentException corrupt(String what) {
        return new IllegalArgumentException("saved state " + what);
    }
}
