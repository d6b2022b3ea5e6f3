package io.tributary.ops.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows the live page draws: every iteration's scalars in arrival order, at most {@code capacity} of them. When
 * full, every second row is dropped (the curve keeps its whole span at half the density) and the {@link #generation}
 * moves on, so a page that asked for the rows after a sequence number fetches all again. Appending is what the
 * training side does ({@link LivePage#record}): a lock held for a copy into an array, never for I/O; the HTTP thread
 * takes a {@link #since snapshot} and renders it.
 */
final class LiveRows {

    /** One iteration: {@code seq} counts every row ever recorded (0, 1, ...), {@code values} by {@link Snapshot#tags} index. */
    record Row(long seq, long step, double wallTimeS, double[] values) {}

    /** Rows after a sequence number, the tags they are keyed by, and the store's state when taken. */
    record Snapshot(List<String> tags, List<Row> rows, long recorded, long generation, boolean full) {}

    private final int capacity;
    private final Map<String, Integer> tagIndex = new LinkedHashMap<>();
    private final List<String> tags = new ArrayList<>();
    private List<Row> rows = new ArrayList<>();
    private long recorded;
    private long generation;

    LiveRows(int capacity) {
        if (capacity < 2) throw new IllegalArgumentException("capacity must be >= 2, was " + capacity);
        this.capacity = capacity;
    }

    synchronized void add(long step, double wallTimeS, Map<String, Double> scalars) {
        double[] v = new double[Math.max(tags.size(), 1) + scalars.size()];
        java.util.Arrays.fill(v, Double.NaN);
        int width = tags.size();
        for (var e : scalars.entrySet()) {
            Integer i = tagIndex.get(e.getKey());
            if (i == null) {
                i = tags.size();
                tagIndex.put(e.getKey(), i);
                tags.add(e.getKey());
            }
            width = Math.max(width, i + 1);
            v[i] = e.getValue() == null ? Double.NaN : e.getValue();
        }
        if (rows.size() >= capacity) {
            List<Row> kept = new ArrayList<>(capacity);
            for (int i = 0; i < rows.size(); i += 2) kept.add(rows.get(i));
            rows = kept;
            generation++;
        }
        rows.add(new Row(recorded++, step, wallTimeS, java.util.Arrays.copyOf(v, width)));
    }

    /**
     * The rows with {@code seq > after} when {@code generation} is the store's, else all of them (the page's copy is
     * stale: the store was thinned since).
     */
    synchronized Snapshot since(long after, long generation) {
        List<Row> out = new ArrayList<>();
        boolean full = generation != this.generation;
        for (int i = rows.size() - 1; i >= 0; i--) {
            Row r = rows.get(i);
            if (!full && r.seq() <= after) break;
            out.add(r);
        }
        java.util.Collections.reverse(out);
        return new Snapshot(List.copyOf(tags), out, recorded, this.generation, full);
    }
}
