package io.tributary.systemtests;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The processes living in some network namespaces (by {@code /proc/PID/ns/net}, against the namespaces' files under
 * /run/netns): what runs "on" the test's hosts, whoever started it. All hosts share this machine's pid namespace, so
 * a process left behind on any host is seen here.
 */
final class NamespaceProcesses {

    private NamespaceProcesses() {
    }

    /** "pid command line" of each process in one of {@code namespaces}, but those in {@code except}. */
    static List<String> in(List<String> namespaces, Set<Long> except) throws Exception {
        List<String> inodes = new ArrayList<>();
        for (String ns : namespaces) inodes.add("net:[" + Files.getAttribute(Path.of("/run/netns", ns), "unix:ino") + "]");
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("[0-9]+"))) {
            for (Path proc : procs) {
                long pid = Long.parseLong(proc.getFileName().toString());
                if (except.contains(pid)) continue;
                try {
                    if (!inodes.contains(Files.readSymbolicLink(proc.resolve("ns/net")).toString())) continue;
                    String cmd = new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ').strip();
                    found.add(pid + " " + (cmd.length() > 300 ? cmd.substring(0, 300) + "..." : cmd));
                } catch (java.io.IOException e) {
                    // it exited while we looked
                }
            }
        }
        return found;
    }
}
