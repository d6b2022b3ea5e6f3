package io.tributary.envs.random;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * numpy {@code Generator.standard_normal}: Marsaglia and Tsang's 256-layer ziggurat over 64-bit draws, with numpy's
 * own tables ({@code ziggurat_normal.txt}, bit patterns) so that every draw is the same double numpy returns.
 * One draw: 8 bits pick the layer, 1 bit the sign, 52 bits the magnitude; the rare rejections draw doubles.
 */
final class ZigguratNormal {

    /** Right edge of the base layer, and its inverse (numpy's {@code ziggurat_nor_r}, {@code ziggurat_nor_inv_r}). */
    private static final double R = 3.6541528853610088;
    private static final double INV_R = 0.27366123732975828;
    private static final long[] KI = new long[256];
    private static final double[] WI = new double[256];
    private static final double[] FI = new double[256];

    static {
        String name = "ziggurat_normal.txt";
        try (InputStream in = ZigguratNormal.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("resource " + name + " missing next to " + ZigguratNormal.class.getName());
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            int row = 0;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split("\\s+");
                KI[row] = Long.parseUnsignedLong(f[0], 16);
                WI[row] = Double.longBitsToDouble(Long.parseUnsignedLong(f[1], 16));
                FI[row] = Double.longBitsToDouble(Long.parseUnsignedLong(f[2], 16));
                row++;
            }
            if (row != 256) throw new IllegalStateException(name + " has " + row + " layers, expected 256");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ZigguratNormal() {}

    static double next(Pcg64 bits) {
        while (true) {
            long r = bits.nextLong();
            int idx = (int) (r & 0xff);
            r >>>= 8;
            boolean negative = (r & 1) != 0;
            long rabs = (r >>> 1) & 0x000fffffffffffffL;
            double x = rabs * WI[idx];
            if (negative) x = -x;
            if (rabs < KI[idx]) return x; // both are below 2^52: a signed comparison is exact
            if (idx == 0) {
                // the tail beyond R (1 - U avoids log(0))
                while (true) {
                    double xx = -INV_R * Math.log1p(-bits.nextDouble());
                    double yy = -Math.log1p(-bits.nextDouble());
                    if (yy + yy > xx * xx) return ((rabs >>> 8) & 1) != 0 ? -(R + xx) : R + xx;
                }
            }
            if ((FI[idx - 1] - FI[idx]) * bits.nextDouble() + FI[idx] < Math.exp(-0.5 * x * x)) return x;
        }
    }
}
