package io.tributary.protocol.codec;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;

/**
 * CRC-32C over a region of any {@link DirectBuffer}, heap or off-heap, without allocating: Aeron hands the
 * learner off-heap term buffers, tests use heap ones. Off-heap regions are copied through a 64 KiB scratch array
 * into the JDK's intrinsic {@link java.util.zip.CRC32C} (Agrona's off-heap Crc32c would need an extra
 * {@code --add-opens java.base/java.util.zip} on every JVM; the copy costs a memcpy). One instance per thread.
 */
public final class Crc32c {

    private static final int SCRATCH = 64 * 1024;
    private final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    private byte[] scratch;

    public int compute(DirectBuffer buffer, int offset, int length) {
        crc.reset();
        byte[] array = buffer.byteArray();
        if (array != null) {
            int base = (int) (buffer.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET);
            crc.update(array, base + offset, length);
        } else {
            if (scratch == null) scratch = new byte[SCRATCH];
            for (int done = 0; done < length; ) {
                int n = Math.min(SCRATCH, length - done);
                buffer.getBytes(offset + done, scratch, 0, n);
                crc.update(scratch, 0, n);
                done += n;
            }
        }
        return (int) crc.getValue();
    }
}
