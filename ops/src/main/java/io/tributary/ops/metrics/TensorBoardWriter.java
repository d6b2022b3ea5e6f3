package io.tributary.ops.metrics;

import io.tributary.learner.metrics.MetricsSink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * TensorBoard event files in the run directory ({@code events.out.tfevents.<seconds>.<host>}, one per invocation, so
 * a resumed run adds a file as TensorBoard expects): one {@code Event} per iteration at its env step, scalars under
 * the row's tags. {@code tensorboard --logdir runs} shows every run. Flushed after every event.
 */
public final class TensorBoardWriter implements MetricsSink {

    private final Path file;
    private final OutputStream out;
    private final TfRecordWriter records;

    public TensorBoardWriter(Path runDir) {
        try {
            Files.createDirectories(runDir);
            double now = System.currentTimeMillis() / 1e3;
            String host = hostName();
            Path f = runDir.resolve("events.out.tfevents." + (long) now + "." + host);
            for (int i = 1; Files.exists(f); i++) f = runDir.resolve("events.out.tfevents." + (long) now + "." + host + "." + i);
            file = f;
            out = new BufferedOutputStream(Files.newOutputStream(file));
            records = new TfRecordWriter(out);
            records.write(EventEncoder.fileVersion(now));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an event file in " + runDir, e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void record(long globalStep, double wallTimeS, Map<String, Double> scalars) {
        try {
            records.write(EventEncoder.scalars(wallTimeS, globalStep, scalars));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (IOException e) {
            return "localhost";
        }
    }
}
