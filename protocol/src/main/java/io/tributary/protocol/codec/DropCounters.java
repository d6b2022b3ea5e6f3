package io.tributary.protocol.codec;

import io.tributary.protocol.counters.TributaryCounters;
import java.util.EnumMap;
import java.util.Map;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * One counter per drop reason for one receiving stream ("fragments", "weights", "control"), of type
 * {@link TributaryCounters#DROPS_TYPE_ID}, allocated through {@link TributaryCounters}.
 */
public final class DropCounters {

    private final String stream;
    private final AtomicCounter[] counters = new AtomicCounter[DecodeResult.values().length];

    public DropCounters(String stream, TributaryCounters.Allocator allocator) {
        this.stream = stream;
        for (DecodeResult r : DecodeResult.values()) {
            if (r.isDrop()) counters[r.ordinal()] = TributaryCounters.drop(allocator, stream, r.name());
        }
    }

    /** Counts {@code result} when it is a drop; returns it, so a call can wrap a decode. */
    public DecodeResult record(DecodeResult result) {
        AtomicCounter c = counters[result.ordinal()];
        if (c != null) c.incrementRelease();
        return result;
    }

    public long get(DecodeResult result) {
        AtomicCounter c = counters[result.ordinal()];
        return c == null ? 0 : c.get();
    }

    public long total() {
        long sum = 0;
        for (AtomicCounter c : counters) if (c != null) sum += c.get();
        return sum;
    }

    /** Non-zero counts by reason, for log lines and the metrics CSV. */
    public Map<DecodeResult, Long> snapshot() {
        Map<DecodeResult, Long> m = new EnumMap<>(DecodeResult.class);
        for (DecodeResult r : DecodeResult.values()) {
            long v = get(r);
            if (v != 0) m.put(r, v);
        }
        return m;
    }

    public String stream() {
        return stream;
    }

    public void close() {
        for (AtomicCounter c : counters) if (c != null) c.close();
    }
}
