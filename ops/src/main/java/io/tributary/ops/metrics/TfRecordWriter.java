package io.tributary.ops.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, as TensorFlow's {@code record_writer.cc} writes it: {@code uint64 length}, {@code uint32
 * masked_crc32c(length)}, {@code data}, {@code uint32 masked_crc32c(data)}, all little-endian. The mask is
 * {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}.
 */
final class TfRecordWriter {

    private static final int MASK_DELTA = 0xa282ead8;

    private final OutputStream out;

    TfRecordWriter(OutputStream out) {
        this.out = out;
    }

    void write(byte[] data) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(data.length);
        header.putInt(maskedCrc(header.array(), 0, 8));
        out.write(header.array());
        out.write(data);
        ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        footer.putInt(maskedCrc(data, 0, data.length));
        out.write(footer.array());
    }

    static int maskedCrc(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }
}
