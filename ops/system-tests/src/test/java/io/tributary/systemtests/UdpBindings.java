package io.tributary.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The local addresses of a process's UDP sockets, read from /proc (Linux): its socket inodes matched in /proc/net/udp{,6}. */
final class UdpBindings {

    private UdpBindings() {}

    /** "address:port" per UDP socket of {@code pid} ("0.0.0.0:port" or "[::]:port" for a wildcard bind). */
    static List<String> of(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String table : new String[] {"udp", "udp6"}) {
            Path p = Path.of("/proc", Long.toString(pid), "net", table);
            if (!Files.exists(p)) continue;
            for (String line : Files.readAllLines(p).subList(1, Files.readAllLines(p).size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 10 || !inodes.contains(f[9])) continue;
                String[] local = f[1].split(":");
                out.add(address(local[0]) + ":" + Integer.parseInt(local[1], 16));
            }
        }
        return out;
    }

    private static String address(String hex) {
        if (hex.length() == 8) { // little-endian IPv4
            long v = Long.parseLong(hex, 16);
            return (v & 0xff) + "." + (v >> 8 & 0xff) + "." + (v >> 16 & 0xff) + "." + (v >> 24 & 0xff);
        }
        return hex.chars().allMatch(c -> c == '0') ? "[::]" : "[" + hex + "]";
    }

    static boolean wildcard(String binding) {
        return binding.startsWith("0.0.0.0:") || binding.startsWith("[::]:");
    }
}
