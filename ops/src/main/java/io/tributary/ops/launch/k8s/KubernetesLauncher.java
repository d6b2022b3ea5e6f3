package io.tributary.ops.launch.k8s;

import io.tributary.ops.launch.LaunchOptions;
import io.tributary.ops.launch.Launcher;
import io.tributary.ops.launch.Plan;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code launch --on k8s}: writes the job's Kubernetes objects ({@link Manifests}, settings from the job file's
 * {@code k8s} block) as YAML files into {@code --out} (default: {@code k8s/} in the run directory), then, unless
 * {@code --submit false}, applies them with {@code kubectl apply}. It does not wait for the run: it prints how to watch,
 * scale, stop and resume it (docs/DEPLOY.md, "Kubernetes").
 */
public final class KubernetesLauncher implements Launcher {

    private final Function<Plan, List<String>> resumeArgs;
    private final Supplier<Optional<Kubectl>> kubectl;

    /** @param resumeArgs the learner's {@code train --resume DIR ...} line of a plan, without {@code --learner-host} */
    public KubernetesLauncher(Function<Plan, List<String>> resumeArgs) {
        this(resumeArgs, () -> Kubectl.find(System.getenv("PATH"), Map.of()));
    }

    /** With the {@code kubectl} to apply with (none: {@code --submit true} fails, naming what to do). */
    public KubernetesLauncher(Function<Plan, List<String>> resumeArgs, Supplier<Optional<Kubectl>> kubectl) {
        this.resumeArgs = resumeArgs;
        this.kubectl = kubectl;
    }

    @Override
    public String name() {
        return "k8s";
    }

    @Override
    public int launch(Plan plan, LaunchOptions options, PrintStream out) throws IOException, InterruptedException {
        KubernetesSettings settings = KubernetesSettings.read(plan.job().file(), plan.job().name());
        Manifests m = new Manifests(plan, settings, resumeArgs);
        List<Manifests.K8sObject> objects = m.objects();
        Path dir = options.out() != null ? options.out() : plan.runDir().resolve("k8s");
        List<Path> files = write(objects, dir);
        String ns = settings.namespace().isEmpty() ? "" : " -n " + settings.namespace();
        out.println("launch: k8s: run " + plan.runDir().getFileName() + " (id " + plan.runId() + "): wrote " + objects.size()
                + " manifests to " + dir + ": " + String.join(", ", files.stream().map(f -> f.getFileName().toString()).toList()));
        out.println("launch: k8s: learner job/" + m.learnerJob() + " (" + settings.image() + ", reached at " + m.learnerHost()
                + "), " + plan.job().placement().actors() + " actors in deployment/" + m.actorDeployment() + ", run directory "
                + m.runDir() + " on the volume " + m.volumeClaim());
        String apply = "kubectl apply" + files.stream().map(f -> " -f " + f).reduce("", String::concat);
        if (options.submit()) {
            Optional<Kubectl> k = kubectl.get();
            if (k.isEmpty()) {
                out.println("launch: k8s: kubectl is not on the PATH: install it, or apply the manifests from a machine that has it"
                        + " (" + apply + "), or run with --submit false to only write them");
                return 1;
            }
            out.println("launch: k8s: " + apply);
            int code = k.get().apply(files, out);
            if (code != 0) {
                out.println("launch: k8s: kubectl apply failed (exit " + code + "); the manifests are in " + dir);
                return 1;
            }
        } else {
            out.println("launch: k8s: not applied (--submit false); apply with: " + apply);
        }
        out.println("  logs:   kubectl logs -f job/" + m.learnerJob() + ns + "    (actors: kubectl logs -f deployment/"
                + m.actorDeployment() + ns + "; files: " + m.runDir() + " in the learner's pod)");
        out.println("  scale:  kubectl scale deployment/" + m.actorDeployment() + ns + " --replicas N");
        out.println("  stop:   kubectl delete job/" + m.learnerJob() + " deployment/" + m.actorDeployment() + ns
                + "    (the run volume " + m.volumeClaim() + " stays)");
        out.println("  resume: kubectl apply -f " + dir.resolve("40-learner-job.yaml") + " -f " + dir.resolve("50-actors-deployment.yaml")
                + "    (the learner resumes from the newest checkpoint)");
        return 0;
    }

    /** Each object into its file (the Secret's readable by the owner only); returns the files in apply order. */
    static List<Path> write(List<Manifests.K8sObject> objects, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (Manifests.K8sObject o : objects) {
            Path f = dir.resolve(o.file());
            Files.deleteIfExists(f);
            if (o.kind().equals("Secret")) {
                try {
                    Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createFile(f);
                }
            }
            Files.writeString(f, YamlWriter.document(o.tree()), StandardCharsets.UTF_8);
            files.add(f);
        }
        return files;
    }
}
