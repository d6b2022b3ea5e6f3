package io.tributary.protocol.codec;

import static io.tributary.protocol.codec.MessageHeader.ORDER;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Array sections in the wire byte order, shared by the fragment and the weights codecs. The readers copy and check
 * finiteness in one pass, so a decoder needs no second walk over what it read.
 */
final class WireArrays {

    private WireArrays() {}

    /** Writes {@code src[0, n)} at {@code p}; returns the position after it. */
    static int putFloats(MutableDirectBuffer b, int p, float[] src, int n) {
        for (int i = 0; i < n; i++, p += 4) b.putFloat(p, src[i], ORDER);
        return p;
    }

    static int putDoubles(MutableDirectBuffer b, int p, double[] src, int n) {
        for (int i = 0; i < n; i++, p += 8) b.putDouble(p, src[i], ORDER);
        return p;
    }

    /** Reads {@code n} floats at {@code p} into {@code dst[at, at + n)}; false when any is NaN or infinite. */
    static boolean getFloats(DirectBuffer b, int p, float[] dst, int at, int n) {
        boolean finite = true;
        for (int i = 0; i < n; i++, p += 4) {
            float v = b.getFloat(p, ORDER);
            finite &= Float.isFinite(v);
            dst[at + i] = v;
        }
        return finite;
    }

    /** Reads {@code n} doubles at {@code p} into {@code dst[0, n)}; false when any is NaN or infinite. */
    static boolean getDoubles(DirectBuffer b, int p, double[] dst, int n) {
        boolean finite = true;
        for (int i = 0; i < n; i++, p += 8) {
            double v = b.getDouble(p, ORDER);
            finite &= Double.isFinite(v);
            dst[i] = v;
        }
        return finite;
    }
}
