package io.tributary.ops.launch.ssh;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One remote process's output in a file of the run directory on the launching machine (appended to: a resumed run
 * keeps what came before), optionally echoed to the console. Lines are held in memory until {@link #open()}: the
 * learner refuses a run directory that already holds files, so on a host that shares it nothing may be written there
 * before the learner has made it.
 */
final class RunLog {

    private final Path file;
    private final PrintStream echo;
    private List<String> pending = new ArrayList<>();
    private OutputStream os;

    /** {@code echo}: where the lines are shown as well; null: the file only. */
    RunLog(Path file, PrintStream echo) {
        this.file = file;
        this.echo = echo;
    }

    Path file() {
        return file;
    }

    synchronized void line(String line) {
        if (echo != null) echo.println(line);
        if (os == null) {
            if (pending != null) pending.add(line);
            return;
        }
        write(line);
    }

    /** From now on lines go to the file, the held ones first. */
    synchronized void open() throws IOException {
        if (os != null || pending == null) return;
        Files.createDirectories(file.toAbsolutePath().getParent());
        os = new FileOutputStream(file.toFile(), true);
        for (String l : pending) write(l);
        pending = null;
    }

    synchronized void close() {
        if (os == null) return;
        try {
            os.close();
        } catch (IOException e) {
            // the lines written are in the file; nothing more to save
        }
        os = null; // later lines (a client killed mid-line) are dropped
    }

    private void write(String line) {
        try {
            os.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            if (echo == null) System.err.println("launch: ssh: cannot write " + file + ": " + e.getMessage());
        }
    }
}
