package io.tributary.learner.algo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjDoubleConsumer;

/**
 * What one update reports: the values the algorithm's reference logs per update, under the reference's names
 * (CleanRL's {@code losses/*} for PPO/RPO, sb3's {@code train/*} for TRPO), always the same names in the same order
 * for one algorithm. The single-process trainer's {@code metrics.csv} and the pipeline's log line and CSV take them
 * from {@link #forEachMetric}, so a new algorithm's values reach both without either naming them.
 */
public interface UpdateStats {

    /** Each value, by its reference's name, in a fixed order. */
    void forEachMetric(ObjDoubleConsumer<String> sink);

    /** The names {@link #forEachMetric} gives, in its order. */
    default List<String> metricNames() {
        List<String> names = new ArrayList<>();
        forEachMetric((name, v) -> names.add(name));
        return names;
    }

    /** The value called {@code name}; NaN when this algorithm does not log it. */
    default double metric(String name) {
        double[] found = {Double.NaN};
        forEachMetric((n, v) -> {
            if (n.equals(name)) found[0] = v;
        });
        return found[0];
    }
}
