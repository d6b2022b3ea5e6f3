package io.tributary.envs.state;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.zip.CRC32C;

/**
 * The frame of every saved-state file of ours (env states, the learner's training state, run checkpoints),
 * little-endian: int magic, int format version, int total length (checksum included), the body, int CRC-32C of every
 * byte before it. Each format names its magic and the versions it reads, and words its errors with its own noun.
 */
public final class ChecksummedFrame {

    public static final int HEADER = 12;
    public static final int CHECKSUM = 4;

    private ChecksummedFrame() {}

    /** A buffer of {@code size} bytes, frame included, with the header written: the body goes next, then {@link #seal}. */
    public static ByteBuffer begin(int magic, int version, int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).putInt(magic).putInt(version).putInt(size);
    }

    /** Writes the checksum of every byte before it; the frame must then be full. */
    public static byte[] seal(ByteBuffer b) {
        b.putInt(crc(b.array(), b.position()));
        if (b.hasRemaining()) throw new IllegalStateException(b.remaining() + " bytes of the frame were not written");
        return b.array();
    }

    /**
     * Checks {@code data}'s frame (size, magic, a version {@code readable} accepts, length, checksum) and returns its
     * body: a buffer positioned after the header and limited before the checksum ({@code getInt(4)} is the version).
     * A failed check is {@code corrupt} of what is wrong.
     */
    public static ByteBuffer open(byte[] data, int magic, String magicText, IntPredicate readable, String readableVersions,
            Function<String, IllegalArgumentException> corrupt) {
        if (data.length < HEADER + CHECKSUM) {
            throw corrupt.apply("is " + data.length + " bytes, shorter than its " + (HEADER + CHECKSUM) + "-byte header and checksum");
        }
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int found = b.getInt();
        if (found != magic) {
            throw corrupt.apply("does not start with the magic \"" + magicText + "\" (found 0x" + Integer.toHexString(found) + ")");
        }
        int version = b.getInt();
        if (!readable.test(version)) {
            throw corrupt.apply("has format version " + version + "; this build reads " + readableVersions);
        }
        int length = b.getInt();
        if (length != data.length) {
            throw corrupt.apply("header says " + length + " bytes, the data has " + data.length + " (truncated or padded)");
        }
        int stored = ByteBuffer.wrap(data, data.length - CHECKSUM, CHECKSUM).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int computed = crc(data, data.length - CHECKSUM);
        if (stored != computed) {
            throw corrupt.apply("checksum mismatch (stored 0x" + Integer.toHexString(stored) + ", computed 0x"
                    + Integer.toHexString(computed) + "): the data is corrupt");
        }
        return b.limit(data.length - CHECKSUM);
    }

    private static int crc(byte[] data, int n) {
        CRC32C c = new CRC32C();
        c.update(data, 0, n);
        return (int) c.getValue();
    }
}
