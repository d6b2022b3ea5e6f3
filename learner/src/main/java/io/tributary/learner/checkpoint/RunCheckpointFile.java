package io.tributary.learner.checkpoint;

import io.tributary.envs.state.ChecksummedFrame;
import io.tributary.envs.state.StateMapCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code <run>/checkpoint-<iteration>.bin}, little-endian:
 * <pre>
 *   int magic "TRCK", int format version (1), int total length (checksum included)
 *   int count, per config entry: string key, string value           (string: int byte count, UTF-8)
 *   int n, byte[n] learner state  ({@link TrainingStateCodec})
 *   int n, byte[n] rollout state  ({@link StateMapCodec}; n = 0: none, the pipeline)
 *   int CRC32C of every byte before it
 * </pre>
 * Written as Sample Factory does: to {@code checkpoint-<i>.bin.tmp}, forced to disk, renamed over the final name
 * (atomic), the directory forced; then all but the newest {@link #KEEP} are deleted. {@link #latest} reads the
 * newest that is whole, skipping (and naming) one that is not.
 */
public final class RunCheckpointFile {

    public static final int MAGIC = 0x4b435254; // "TRCK" little-endian
    private static final String MAGIC_TEXT = "TRCK";
    public static final int FORMAT_VERSION = 1;
    /** Checkpoints kept in a run directory. */
    public static final int KEEP = 2;
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)\\.bin");

    private RunCheckpointFile() {}

    public static Path path(Path runDir, int iteration) {
        return runDir.resolve(String.format("checkpoint-%08d.bin", iteration));
    }

    /** Writes {@code c} into {@code runDir} atomically and durably; returns the file. */
    public static Path write(Path runDir, RunCheckpoint c) {
        Path file = path(runDir, c.iteration());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            byte[] data = encode(c);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(data);
                while (b.hasRemaining()) ch.write(b);
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(runDir, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException ignored) {
                // not every file system lets a directory be opened for force; the rename is atomic either way
            }
            List<Path> all = list(runDir);
            for (int i = 0; i < all.size() - KEEP; i++) Files.deleteIfExists(all.get(i));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file, e);
        }
    }

    /** The run's checkpoint files, oldest first. */
    public static List<Path> list(Path runDir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(runDir)) return out;
        try (var s = Files.list(runDir)) {
            s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(out::add);
        }
        out.sort(Comparator.comparingLong(RunCheckpointFile::iterationOf));
        return out;
    }

    private static long iterationOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * The newest whole checkpoint of {@code runDir}; a newer one that cannot be read is reported to {@code log} and
     * skipped. An error naming the directory when there is none.
     */
    public static RunCheckpoint latest(Path runDir, java.util.function.Consumer<String> log) {
        List<Path> all;
        try {
            all = list(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runDir, e);
        }
        List<String> bad = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                return read(all.get(i));
            } catch (IllegalArgumentException | UncheckedIOException e) {
                bad.add(e.getMessage());
                log.accept("resume: skipping " + all.get(i) + ": " + e.getMessage());
            }
        }
        throw new IllegalArgumentException(runDir + " holds no usable checkpoint (checkpoint-<iteration>.bin)"
                + (bad.isEmpty() ? "" : ": " + String.join("; ", bad)));
    }

    public static RunCheckpoint read(Path file) {
        try {
            return decode(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static byte[] encode(RunCheckpoint c) {
        byte[] learner = TrainingStateCodec.encode(c.learner());
        byte[] rollout = c.rollout() == null ? new byte[0] : StateMapCodec.encode(c.rollout());
        long size = 12 + 4 + 4L + learner.length + 4L + rollout.length + 4;
        for (Map.Entry<String, String> e : c.config().entrySet()) size += 8L + utf8(e.getKey()).length + utf8(e.getValue()).length;
        if (size > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("checkpoint too large: " + size + " bytes");
        ByteBuffer b = ChecksummedFrame.begin(MAGIC, FORMAT_VERSION, (int) size).putInt(c.config().size());
        for (Map.Entry<String, String> e : c.config().entrySet()) {
            putBytes(b, utf8(e.getKey()));
            putBytes(b, utf8(e.getValue()));
        }
        putBytes(b, learner);
        putBytes(b, rollout);
        return ChecksummedFrame.seal(b);
    }

    public static RunCheckpoint decode(byte[] data) {
        ByteBuffer b = ChecksummedFrame.open(data, MAGIC, MAGIC_TEXT, v -> v == FORMAT_VERSION, Integer.toString(FORMAT_VERSION),
                RunCheckpointFile::corrupt);
        try {
            int n = b.getInt();
            if (n < 0) throw corrupt("claims " + n + " config entries");
            Map<String, String> config = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String k = new String(bytes(b, "config key " + i), StandardCharsets.UTF_8);
                config.put(k, new String(bytes(b, "config value of '" + k + "'"), StandardCharsets.UTF_8));
            }
            TrainingState learner = TrainingStateCodec.decode(bytes(b, "learner state"));
            byte[] rollout = bytes(b, "rollout state");
            if (b.hasRemaining()) throw corrupt("has " + b.remaining() + " bytes after its last section");
            return new RunCheckpoint(config, learner, rollout.length == 0 ? null : StateMapCodec.decode(rollout));
        } catch (BufferUnderflowException e) {
            throw corrupt("ends inside a field");
        }
    }

    private static byte[] bytes(ByteBuffer b, String field) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) throw corrupt("field '" + field + "' claims " + n + " bytes, " + b.remaining() + " remain");
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    private static void putBytes(ByteBuffer b, byte[] s) {
        b.putInt(s.length);
        b.put(s);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }


    private static IllegalArgumentException corrupt(String what) {
        return new IllegalArgumentException("checkpoint " + what);
    }
}
