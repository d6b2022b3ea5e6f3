package io.tributary.protocol.codec;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The 24-byte header every Tributary wire message starts with. Little-endian, like Aeron's own frames.
 *
 * <pre>
 *   0  int   magic          0x42495254 ("TRIB" in memory order)
 *   4  short schemaVersion  {@link #SCHEMA_VERSION}
 *   6  short type           {@link MessageType#code}
 *   8  int   length         whole message, header included
 *  12  int   checksum       CRC-32C of bytes [16, length): the run id and the body
 *  16  long  runId          the run this message belongs to (0: a sender that does not know its run yet)
 * </pre>
 *
 * Why a run id: Aeron's streams are addressed by host, port and stream id only, so two runs on the same ports would
 * hear each other (a second run's actors once trained on the first run's weights); every receiver checks it.
 *
 * Why a checksum on top of Aeron: the learner must be able to tell a damaged or hostile message from a good one
 * before any of its numbers reach the batch; lengths and counts alone cannot catch a flipped bit in a float.
 */
public final class MessageHeader {

    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    public static final int MAGIC = 0x42495254;
    public static final short SCHEMA_VERSION = 3;
    public static final int LENGTH = 24;

    public static final int MAGIC_OFFSET = 0;
    public static final int SCHEMA_VERSION_OFFSET = 4;
    public static final int TYPE_OFFSET = 6;
    public static final int LENGTH_OFFSET = 8;
    public static final int CHECKSUM_OFFSET = 12;
    public static final int RUN_ID_OFFSET = 16;
    /** Where the checksummed bytes begin: the run id is covered. */
    static final int CHECKSUMMED_FROM = RUN_ID_OFFSET;

    private MessageHeader() {}

    /** Writes the header of run 0 (tests, files that belong to no run). */
    public static void write(MutableDirectBuffer buffer, int offset, MessageType type, int length, Crc32c crc) {
        write(buffer, offset, type, length, 0L, crc);
    }

    /** Writes the header; the checksum is computed over the run id and the body already written at {@code offset + LENGTH}. */
    public static void write(MutableDirectBuffer buffer, int offset, MessageType type, int length, long runId, Crc32c crc) {
        buffer.putLong(offset + RUN_ID_OFFSET, runId, ORDER);
        buffer.putInt(offset + MAGIC_OFFSET, MAGIC, ORDER);
        buffer.putShort(offset + SCHEMA_VERSION_OFFSET, SCHEMA_VERSION, ORDER);
        buffer.putShort(offset + TYPE_OFFSET, type.code, ORDER);
        buffer.putInt(offset + LENGTH_OFFSET, length, ORDER);
        buffer.putInt(offset + CHECKSUM_OFFSET, crc.compute(buffer, offset + CHECKSUMMED_FROM, length - CHECKSUMMED_FROM), ORDER);
    }

    /** The run id of a message whose header {@link #validate} accepted. */
    public static long runId(DirectBuffer buffer, int offset) {
        return buffer.getLong(offset + RUN_ID_OFFSET, ORDER);
    }

    /** The type code at {@code offset}, or -1 when the buffer is too short to hold a header. */
    public static int typeCode(DirectBuffer buffer, int offset, int length) {
        if (length < LENGTH) return -1;
        return buffer.getShort(offset + TYPE_OFFSET, ORDER);
    }

    /**
     * Checks everything the header promises: size, magic, schema version, type, declared length equal to the
     * received length, checksum. Reads nothing past {@code offset + length}.
     */
    public static DecodeResult validate(DirectBuffer buffer, int offset, int length, MessageType expected, Crc32c crc) {
        if (length < LENGTH || offset < 0 || (long) offset + length > buffer.capacity()) return DecodeResult.TOO_SHORT;
        if (buffer.getInt(offset + MAGIC_OFFSET, ORDER) != MAGIC) return DecodeResult.BAD_MAGIC;
        if (buffer.getShort(offset + SCHEMA_VERSION_OFFSET, ORDER) != SCHEMA_VERSION) return DecodeResult.BAD_SCHEMA_VERSION;
        if (buffer.getShort(offset + TYPE_OFFSET, ORDER) != expected.code) return DecodeResult.WRONG_TYPE;
        if (buffer.getInt(offset + LENGTH_OFFSET, ORDER) != length) return DecodeResult.LENGTH_MISMATCH;
        int expectedCrc = buffer.getInt(offset + CHECKSUM_OFFSET, ORDER);
        if (crc.compute(buffer, offset + CHECKSUMMED_FROM, length - CHECKSUMMED_FROM) != expectedCrc) return DecodeResult.BAD_CHECKSUM;
        return DecodeResult.OK;
    }
}
