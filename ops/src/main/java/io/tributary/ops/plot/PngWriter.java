package io.tributary.ops.plot;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * An RGB image as a PNG (ISO/IEC 15948): 8-bit truecolor, no interlace, each row with the Sub filter, one zlib
 * stream in one IDAT chunk. Written here so that plotting needs only {@code java.base}.
 */
final class PngWriter {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngWriter() {}

    /** {@code rgb[y * width + x]} as {@code 0xRRGGBB}, encoded. */
    static byte[] encode(int width, int height, int[] rgb) {
        if (width < 1 || height < 1 || rgb.length != width * height) {
            throw new IllegalArgumentException("image " + width + "x" + height + " with " + rgb.length + " pixels");
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            png.write(SIGNATURE);
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            DataOutputStream h = new DataOutputStream(ihdr);
            h.writeInt(width);
            h.writeInt(height);
            h.writeByte(8); // bit depth
            h.writeByte(2); // colour type: truecolor
            h.writeByte(0); // deflate
            h.writeByte(0); // adaptive filtering
            h.writeByte(0); // no interlace
            chunk(png, "IHDR", ihdr.toByteArray());
            ByteArrayOutputStream idat = new ByteArrayOutputStream();
            try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION))) {
                byte[] row = new byte[1 + 3 * width];
                row[0] = 1; // Sub: each byte minus the same channel of the pixel to its left
                for (int y = 0; y < height; y++) {
                    int prev = 0;
                    for (int x = 0; x < width; x++) {
                        int p = rgb[y * width + x];
                        row[1 + 3 * x] = (byte) ((p >> 16) - (prev >> 16));
                        row[2 + 3 * x] = (byte) ((p >> 8) - (prev >> 8));
                        row[3 + 3 * x] = (byte) (p - prev);
                        prev = p;
                    }
                    z.write(row);
                }
            }
            chunk(png, "IDAT", idat.toByteArray());
            chunk(png, "IEND", new byte[0]);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
