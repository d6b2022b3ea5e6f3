package io.tributary.ops.launch.k8s;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code kubectl} that applies the manifests: found on a search path, run with an environment of the caller's
 * choosing (a test points {@code KUBECONFIG} at a cluster that is not there), its output copied to the launcher's.
 *
 * @param binary the kubectl executable
 * @param env    variables set for it beside this process's own
 */
public record Kubectl(Path binary, Map<String, String> env) {

    /** {@code kubectl} on {@code searchPath} (a PATH value), if there is one. */
    public static Optional<Kubectl> find(String searchPath, Map<String, String> env) {
        if (searchPath == null) return Optional.empty();
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, "kubectl");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(new Kubectl(p, Map.copyOf(env)));
        }
        return Optional.empty();
    }

    /** {@code kubectl apply -f F ...}: its exit code; what it prints goes to {@code out}. */
    public int apply(List<Path> files, PrintStream out) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "apply"));
        for (Path f : files) cmd.addAll(List.of("-f", f.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        return p.waitFor();
    }
}
