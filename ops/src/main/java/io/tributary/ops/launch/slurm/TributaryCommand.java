package io.tributary.ops.launch.slurm;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;

/**
 * The {@code tributary} command that runs this program, for the job's processes to run too: a bundle's
 * {@code bin/tributary} when these classes come from a bundle's {@code lib/}, the checkout's {@code ops/tributary}
 * when they come from {@code ops/target}. The environment's {@value #OVERRIDE} names another (a path that differs on
 * the compute nodes).
 */
final class TributaryCommand {

    static final String OVERRIDE = "TRIBUTARY_COMMAND";

    private TributaryCommand() {
    }

    /** The command's absolute path; an error naming what was looked at when there is none. */
    static Path find(Map<String, String> env) {
        String given = env.get(OVERRIDE);
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given).toAbsolutePath();
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                throw new IllegalArgumentException(OVERRIDE + "=" + given + ": not an executable file");
            }
            return p;
        }
        Path from = codeLocation();
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {dir.resolve("bin").resolve("tributary"), dir.resolve("tributary")}) {
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate;
            }
        }
        throw new IllegalArgumentException("no tributary command found above " + from + " (a bundle's bin/tributary or a"
                + " checkout's ops/tributary); set " + OVERRIDE + " to the command the job's nodes run");
    }

    private static Path codeLocation() {
        CodeSource source = TributaryCommand.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot tell where " + TributaryCommand.class.getName() + " was loaded from; set " + OVERRIDE);
        }
        try {
            return Path.of(source.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where " + TributaryCommand.class.getName() + " was loaded from", e);
        }
    }
}
