package io.tributary.learner.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The metrics part: joins the trainer's report of iteration i (version v) with the broadcaster's report of v's
 * broadcast, then writes the log line, the {@code metrics.csv} row and the Aeron counters. Off the training thread,
 * so a slow disk never stalls an update; a restart reopens the CSV for appending. Tells the guardian when the last
 * iteration is recorded.
 */
final class MetricsRecorder {

    sealed interface Command {}

    record Iteration(int iteration, long version, long envSteps, double meanEpisodicReturn, int episodes, double rolloutS,
            double transferS, double updateS, io.tributary.learner.algo.UpdateStats stats, long policyLag, long iterationStartNs,
            double meanEpisodicLength, int fragmentResends, int rows, MembershipTally.Membership membership)
            implements Command {}

    record Broadcast(long version, long durationNs) implements Command {}

    /** The run is stopping and no part reports any more: record what is held, then stop. */
    record Flush() implements Command {}

    private MetricsRecorder() {}

    static Behavior<Command> create(LearnerState st, PrintStream out, ActorRef<LearnerGuardian.Command> guardian) {
        return Behaviors.setup(ctx -> {
            Path file = st.cfg.runDir().resolve("metrics.csv");
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            PrintWriter csv = new PrintWriter(Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
            // the header names the algorithm's metrics, known from the first update on
            boolean[] headerDue = {fresh};
            Map<Long, Iteration> iterations = new java.util.TreeMap<>(); // by version: a flush emits them in order
            Map<Long, Long> broadcasts = new HashMap<>();
            io.tributary.transport.LossCounters[] lossBefore = {st.loss.get()};
            // flush (at the stop): an iteration whose broadcast never completed is recorded too (broadcast_s NaN); its update
            // is in the checkpoint the stop writes, so a resume starts after it and its row would be missing for good
            java.util.function.Consumer<Boolean> emit = flush -> {
                for (var it = iterations.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    Long bNs = broadcasts.remove(e.getKey());
                    if (bNs == null && !flush) continue;
                    it.remove();
                    Iteration i = e.getValue();
                    long now = System.nanoTime();
                    double wall = (now - i.iterationStartNs()) / 1e9;
                    double maxStallS = st.stalls.take() / 1e9;
                    io.tributary.transport.LossCounters loss = st.loss.get();
                    io.tributary.transport.LossCounters lossOfIteration = loss.minus(lossBefore[0]);
                    lossBefore[0] = loss;
                    IterationMetrics m = new IterationMetrics(i.iteration(), i.version(), i.envSteps(), i.rows() / Math.max(wall, 1e-9),
                            i.meanEpisodicReturn(), i.episodes(), i.rolloutS(), i.transferS(), i.updateS(), bNs == null ? Double.NaN : bNs / 1e9, st.drops.total(),
                            i.stats(), i.policyLag(), i.meanEpisodicLength(), i.fragmentResends(), maxStallS, lossOfIteration,
                            i.membership());
                    st.history.add(m);
                    st.trainingEndNs = System.nanoTime();
                    st.counters.onIteration(m, st.fragmentsAccepted.get());
                    if (!st.sink.replacesLogLine()) out.println(m.logLine());
                    if (headerDue[0]) {
                        csv.println("wall_time," + IterationMetrics.csvHeader(i.stats()));
                        headerDue[0] = false;
                    }
                    // wall_time: Unix seconds, as TensorBoard's wall_time, so rows line up with other logs and runs
                    csv.println(String.format(java.util.Locale.ROOT, "%.3f,", System.currentTimeMillis() / 1e3) + m.csv());
                    csv.flush();
                    if (csv.checkError()) throw new IllegalStateException(new IOException("cannot write " + file));
                    st.sink.record(m.envSteps(), System.currentTimeMillis() / 1e3, m.scalars());
                    if (m.iteration() >= st.cfg.iterationsToRun()) guardian.tell(new LearnerGuardian.Finished());
                }
            };
            return Behaviors.receive(Command.class)
                    .onMessage(Iteration.class, i -> {
                        iterations.put(i.version(), i);
                        emit.accept(false);
                        return Behaviors.same();
                    })
                    .onMessage(Broadcast.class, b -> {
                        if (b.version() > 0) broadcasts.put(b.version(), b.durationNs());
                        emit.accept(false);
                        return Behaviors.same();
                    })
                    .onMessage(Flush.class, f -> Behaviors.stopped()) // PostStop records what is held
                    .onSignal(PostStop.class, s -> {
                        emit.accept(true);
                        csv.close();
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
