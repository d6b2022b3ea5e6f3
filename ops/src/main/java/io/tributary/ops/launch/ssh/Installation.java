package io.tributary.ops.launch.ssh;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where this tributary is installed, so that the same build can be run (and checked, or copied) at the same path on
 * every host: a source checkout ({@code ROOT/ops/tributary}, its jars in the local Maven repository, set up on each host
 * with ops/setup.sh) or a bundle ({@code B/bin/tributary}, self-contained: ops/bundle's tarball, unpacked).
 *
 * @param root    the checkout's or the bundle's directory
 * @param command the {@code tributary} command in it
 * @param bundle  whether it is a bundle (which can be copied as it is)
 */
public record Installation(Path root, Path command, boolean bundle) {

    /** The installation this process runs from, found from where its classes were loaded. */
    public static Installation ofThisProcess() {
        Path classes;
        try {
            classes = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot tell where this tributary's classes were loaded from", e);
        }
        return of(classes);
    }

    /** The installation that holds {@code classes} (a directory of classes or a jar): the nearest one above it. */
    static Installation of(Path classes) {
        for (Path dir = classes.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("ops/tributary")) && Files.isRegularFile(dir.resolve("ops/lib/common.sh"))) {
                return new Installation(dir, dir.resolve("ops/tributary"), false);
            }
            if (Files.isRegularFile(dir.resolve("bin/tributary")) && Files.isDirectory(dir.resolve("lib"))) {
                return new Installation(dir, dir.resolve("bin/tributary"), true);
            }
        }
        throw new IllegalStateException("this tributary's classes (" + classes + ") are in neither a checkout (ops/tributary above"
                + " them) nor a bundle (bin/tributary above them): launch --on ssh runs the same installation on every host,"
                + " so run it from one");
    }
}
