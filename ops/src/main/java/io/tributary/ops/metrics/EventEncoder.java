package io.tributary.ops.metrics;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The few fields of TensorFlow's {@code Event} and {@code Summary} protocol buffers ({@code event.proto},
 * {@code summary.proto}) that scalars need, encoded by hand: {@code Event.wall_time = 1} (double),
 * {@code Event.step = 2} (int64), {@code Event.file_version = 3} (string), {@code Event.summary = 5};
 * {@code Summary.value = 1} (repeated); {@code Summary.Value.tag = 1} (string), {@code Summary.Value.simple_value = 2}
 * (float).
 */
final class EventEncoder {

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private EventEncoder() {}

    /** The first event of every file: {@code file_version "brain.Event:2"}. */
    static byte[] fileVersion(double wallTime) {
        Proto e = new Proto();
        e.fixed64(1, Double.doubleToRawLongBits(wallTime));
        e.bytes(3, "brain.Event:2".getBytes(StandardCharsets.UTF_8));
        return e.toByteArray();
    }

    /** One event with a summary of one simple value per tag; NaN values are left out. */
    static byte[] scalars(double wallTime, long step, Map<String, Double> values) {
        Proto summary = new Proto();
        values.forEach((tag, v) -> {
            if (v == null || v.isNaN()) return;
            Proto value = new Proto();
            value.bytes(1, tag.getBytes(StandardCharsets.UTF_8));
            value.fixed32(2, Float.floatToRawIntBits(v.floatValue()));
            summary.bytes(1, value.toByteArray());
        });
        Proto e = new Proto();
        e.fixed64(1, Double.doubleToRawLongBits(wallTime));
        e.varint(2, step);
        e.bytes(5, summary.toByteArray());
        return e.toByteArray();
    }

    /** Protocol-buffer wire format: a key (field number << 3 | wire type), then the value. */
    private static final class Proto extends ByteArrayOutputStream {
        void key(int field, int wireType) {
            rawVarint(((long) field << 3) | wireType);
        }

        void rawVarint(long v) {
            while ((v & ~0x7FL) != 0) {
                write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void varint(int field, long v) {
            key(field, VARINT);
            rawVarint(v);
        }

        void fixed64(int field, long bits) {
            key(field, FIXED64);
            for (int i = 0; i < 8; i++) write((int) (bits >>> (8 * i)));
        }

        void fixed32(int field, int bits) {
            key(field, FIXED32);
            for (int i = 0; i < 4; i++) write(bits >>> (8 * i));
        }

        void bytes(int field, byte[] b) {
            key(field, LENGTH_DELIMITED);
            rawVarint(b.length);
            write(b, 0, b.length);
        }
    }
}
