package io.tributary.ops.launch.k8s;

import io.tributary.ops.launch.Placement;
import io.tributary.ops.launch.Plan;
import io.tributary.transport.cluster.ClusterKeys;
import io.tributary.transport.cluster.ClusterNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Kubernetes objects of one {@link Plan}: in apply order, an optional Namespace, the credentials' Secret (when the
 * placement has credentials), the run volume's PersistentVolumeClaim, the learner's headless Service, the learner's
 * Job, and the actors' Deployment.
 *
 * <p>How the processes find each other: the learner listens on the Service's name ({@code --learner-host}), which is
 * headless and publishes the pod before it is ready, so the name resolves to the learner pod's own IP both inside that
 * pod (where the learner binds it: its Pekko seed port and its two UDP ports) and in every actor pod (which sends its
 * fragments and its weights subscription's setup there, and joins the cluster there). Each actor gives its pod's IP
 * (the downward API's {@code status.podIP}) as {@code --actor-host}; the learner sends the weights and reaches the
 * actor's cluster node there, pod to pod, on ports chosen at run time.
 *
 * <p>Why a Job for the learner: it restarts the learner's container when it fails (the start script resumes from the
 * newest checkpoint on the run volume) and stops when the run is done. Why a Deployment for the actors: any number of
 * them may join or leave the run, so {@code kubectl scale} changes the run's actors while it trains.
 */
public final class Manifests {

    /** The image's own working directory (ops/image/Dockerfile's WORKDIR): relative paths in the plan are under it. */
    public static final Path WORKDIR = Path.of("/var/lib/tributary");
    /** The image's user and group (ops/image/Dockerfile). */
    public static final int UID = 10001;
    /** How long a stopped learner has to write its checkpoint (it writes one on SIGTERM). */
    static final int LEARNER_GRACE_S = 120;
    static final String LEARNER = "learner";
    static final String ACTOR = "actor";
    /** The key files a role reads from the credentials (ClusterKeys); the CA's own key pair never leaves the launching machine. */
    static final List<String> SECRET_FILES = List.of(ClusterKeys.TRUSTSTORE, keyFile(ClusterNode.LEARNER_ROLE),
            keyFile(ClusterNode.ACTOR_ROLE), ClusterKeys.PASSWORD);

    /** One object: the file it goes in and its tree (maps, lists, strings, numbers, booleans). */
    public record K8sObject(String file, Map<String, Object> tree) {
        public String kind() {
            return (String) tree.get("kind");
        }

        @SuppressWarnings("unchecked")
        public String name() {
            return (String) ((Map<String, Object>) tree.get("metadata")).get("name");
        }
    }

    private final Plan plan;
    private final KubernetesSettings k;
    private final Function<Plan, List<String>> resumeArgs;

    /**
     * @param resumeArgs the learner's command line that continues the plan's run: {@code train --resume DIR} and the
     *                   options {@code --resume} takes (the transport, cluster, checkpoint and monitoring ones), without
     *                   {@code --learner-host} (cli's ResumeArgs)
     */
    public Manifests(Plan plan, KubernetesSettings settings, Function<Plan, List<String>> resumeArgs) {
        this.plan = plan;
        this.k = settings;
        this.resumeArgs = resumeArgs;
    }

    /** The learner's Service name: its address for every actor, and the learner's {@code --learner-host}. */
    public String learnerHost() {
        return k.name() + "-learner";
    }

    public String learnerJob() {
        return k.name() + "-learner";
    }

    public String actorDeployment() {
        return k.name() + "-actors";
    }

    public String secretName() {
        return k.name() + "-credentials";
    }

    public String volumeClaim() {
        return k.name() + "-runs";
    }

    /** Where the run directories are in the learner's container: the run volume's mount point. */
    public Path runsMount() {
        return WORKDIR.resolve(plan.job().placement().runsDir()).normalize();
    }

    /** The run directory in the learner's container. */
    public Path runDir() {
        return runsMount().resolve(plan.runDir().getFileName());
    }

    /** Where the credentials are mounted, as the processes' {@code --cluster-tls} names them (relative: under WORKDIR). */
    Path credentialsMount() {
        return WORKDIR.resolve(plan.job().placement().credentials()).normalize();
    }

    /** Every object, in the order kubectl should apply them. */
    public List<K8sObject> objects() {
        List<K8sObject> out = new ArrayList<>();
        if (k.createNamespace()) out.add(new K8sObject("00-namespace.yaml", namespace()));
        if (plan.job().placement().credentials() != null) out.add(new K8sObject("10-credentials-secret.yaml", secret()));
        out.add(new K8sObject("20-runs-volume.yaml", volume()));
        out.add(new K8sObject("30-learner-service.yaml", service()));
        out.add(new K8sObject("40-learner-job.yaml", learner()));
        out.add(new K8sObject("50-actors-deployment.yaml", actors()));
        return out;
    }

    private Map<String, Object> namespace() {
        return map("apiVersion", "v1", "kind", "Namespace", "metadata", map("name", k.namespace(), "labels", labels(null)));
    }

    private Map<String, Object> secret() {
        Path dir = plan.job().placement().credentials();
        Map<String, Object> data = new LinkedHashMap<>();
        for (String f : SECRET_FILES) {
            Path file = dir.resolve(f);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("placement.credentials " + dir + ": " + f + " is missing (write the directory with"
                        + " tributary keys --out " + dir + ")");
            }
            try {
                data.put(f, Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return map("apiVersion", "v1", "kind", "Secret", "metadata", metadata(secretName(), null), "type", "Opaque", "data", data);
    }

    private Map<String, Object> volume() {
        Map<String, Object> spec = map("accessModes", List.of("ReadWriteOnce"), "resources", map("requests", map("storage", k.storage())));
        if (!k.storageClass().isEmpty()) spec.put("storageClassName", k.storageClass());
        return map("apiVersion", "v1", "kind", "PersistentVolumeClaim", "metadata", metadata(volumeClaim(), null), "spec", spec);
    }

    private Map<String, Object> service() {
        Placement p = plan.job().placement();
        return map("apiVersion", "v1", "kind", "Service", "metadata", metadata(learnerHost(), LEARNER), "spec", map(
                "clusterIP", "None",
                "publishNotReadyAddresses", true,
                "selector", labels(LEARNER),
                "ports", List.of(
                        map("name", "cluster", "protocol", "TCP", "port", p.clusterPort(), "targetPort", "cluster"),
                        map("name", "fragments", "protocol", "UDP", "port", p.fragmentsPort(), "targetPort", "fragments"),
                        map("name", "weights", "protocol", "UDP", "port", p.weightsPort(), "targetPort", "weights"))));
    }

    private Map<String, Object> learner() {
        Placement p = plan.job().placement();
        List<String> train = plan.learner(learnerHost());
        List<String> resume = new ArrayList<>(List.of("train", "--resume", runDir().toString()));
        List<String> planned = resumeArgs.apply(plan); // train --resume DIR OPTIONS, DIR as the launching host sees it
        resume.addAll(planned.subList(3, planned.size()));
        resume.addAll(List.of("--learner-host", learnerHost()));
        List<Object> command = new ArrayList<>(List.of("/bin/bash", "-c", learnerScript(), "learner-start", Integer.toString(train.size())));
        command.addAll(train);
        command.addAll(resume);
        Map<String, Object> container = map(
                "name", LEARNER,
                "image", k.image(),
                "imagePullPolicy", k.imagePullPolicy(),
                "command", command,
                "workingDir", WORKDIR.toString(),
                "env", List.of(
                        podIp(),
                        env("LEARNER_HOST", learnerHost()),
                        env("RUN_DIR", runDir().toString()),
                        env("TRIBUTARY_JAVA_OPTS", "-Xmx" + p.learnerHeap())),
                "ports", List.of(
                        map("name", "cluster", "containerPort", p.clusterPort(), "protocol", "TCP"),
                        map("name", "fragments", "containerPort", p.fragmentsPort(), "protocol", "UDP"),
                        map("name", "weights", "containerPort", p.weightsPort(), "protocol", "UDP")),
                "resources", resources(k.learner(), k.learner().cpu(), memory(k.learner(), p.learnerHeap(), true)),
                "volumeMounts", mounts(LEARNER));
        Map<String, Object> podSpec = podSpec(k.learner(), LEARNER, container);
        podSpec.put("restartPolicy", "OnFailure");
        podSpec.put("terminationGracePeriodSeconds", LEARNER_GRACE_S);
        return map("apiVersion", "batch/v1", "kind", "Job", "metadata", metadata(learnerJob(), LEARNER), "spec", map(
                // restarts in place (OnFailure) and new pods (a lost node) together; each resumes from the checkpoint
                "backoffLimit", 6,
                "completions", 1,
                "parallelism", 1,
                "template", map("metadata", map("labels", labels(LEARNER), "annotations", annotations()), "spec", podSpec)));
    }

    private Map<String, Object> actors() {
        Placement p = plan.job().placement();
        List<Object> args = new ArrayList<>(plan.actor(learnerHost(), "$(POD_IP)"));
        Map<String, Object> container = map(
                "name", ACTOR,
                "image", k.image(),
                "imagePullPolicy", k.imagePullPolicy(),
                "args", args,
                "workingDir", WORKDIR.toString(),
                "env", List.of(podIp(), env("TRIBUTARY_JAVA_OPTS", "-Xmx" + p.actorHeap())),
                "resources", resources(k.actor(), k.actor().cpu().isEmpty() ? Integer.toString(p.threadsPerActor()) : k.actor().cpu(),
                        memory(k.actor(), p.actorHeap(), false)),
                "volumeMounts", mounts(ACTOR));
        Map<String, Object> podSpec = podSpec(k.actor(), ACTOR, container);
        podSpec.put("terminationGracePeriodSeconds", 30);
        return map("apiVersion", "apps/v1", "kind", "Deployment", "metadata", metadata(actorDeployment(), ACTOR), "spec", map(
                "replicas", p.actors(),
                "selector", map("matchLabels", labels(ACTOR)),
                "template", map("metadata", map("labels", labels(ACTOR), "annotations", annotations()), "spec", podSpec)));
    }

    private Map<String, Object> podSpec(KubernetesSettings.Role role, String component, Map<String, Object> container) {
        Map<String, Object> spec = new LinkedHashMap<>();
        // fsGroup makes the run volume and the keys the processes' group's; OnRootMismatch skips the recursive chown of a
        // volume that already is (a restart with many checkpoints and event files would otherwise walk them all)
        spec.put("securityContext", map("runAsUser", UID, "runAsGroup", UID, "fsGroup", UID, "fsGroupChangePolicy", "OnRootMismatch",
                "runAsNonRoot", true));
        if (!role.nodeSelector().isEmpty()) spec.put("nodeSelector", new LinkedHashMap<String, Object>(role.nodeSelector()));
        if (!k.imagePullSecret().isEmpty()) spec.put("imagePullSecrets", List.of(map("name", k.imagePullSecret())));
        spec.put("containers", List.of(container));
        List<Object> volumes = new ArrayList<>();
        volumes.add(map("name", "shm", "emptyDir", map("medium", "Memory", "sizeLimit", role.shm())));
        if (component.equals(LEARNER)) volumes.add(map("name", "runs", "persistentVolumeClaim", map("claimName", volumeClaim())));
        if (plan.job().placement().credentials() != null) {
            List<Object> items = new ArrayList<>();
            for (String f : List.of(ClusterKeys.TRUSTSTORE, keyFile(component.equals(LEARNER) ? ClusterNode.LEARNER_ROLE : ClusterNode.ACTOR_ROLE),
                    ClusterKeys.PASSWORD)) {
                items.add(map("key", f, "path", f));
            }
            // 0440: the processes' group (fsGroup) reads the keys, no one else
            volumes.add(map("name", "credentials", "secret", map("secretName", secretName(), "defaultMode", 0440, "items", items)));
        }
        spec.put("volumes", volumes);
        return spec;
    }

    private List<Object> mounts(String component) {
        List<Object> m = new ArrayList<>();
        // Aeron's buffers (the media driver's directory) live in /dev/shm; a container's own is often 64 MiB
        m.add(map("name", "shm", "mountPath", "/dev/shm"));
        if (component.equals(LEARNER)) m.add(map("name", "runs", "mountPath", runsMount().toString()));
        if (plan.job().placement().credentials() != null) {
            m.add(map("name", "credentials", "mountPath", credentialsMount().toString(), "readOnly", true));
        }
        return m;
    }

    private static Map<String, Object> resources(KubernetesSettings.Role role, String cpu, String memory) {
        Map<String, Object> limits = map("memory", memory);
        if (!role.cpuLimit().isEmpty()) limits.put("cpu", role.cpuLimit());
        return map("requests", map("cpu", cpu, "memory", memory), "limits", limits);
    }

    /**
     * The role's memory request and limit: as set, or the heap plus what the JVM uses beside it (the learner's ND4J
     * buffers are off the heap and may reach the heap's size again; an actor's MuJoCo, Aeron client and driver fit in
     * 512 MiB), plus /dev/shm, whose pages count against the container's memory.
     */
    static String memory(KubernetesSettings.Role role, String heap, boolean learner) {
        if (!role.memory().isEmpty()) return role.memory();
        long heapMi = mebibytes(heap);
        long beside = learner ? Math.max(heapMi, 1024) : 512;
        return (heapMi + beside + mebibytes(role.shm())) + "Mi";
    }

    /** A JVM heap size (512m, 4g) or a binary Kubernetes quantity (256Mi, 1Gi), in MiB (rounded up). */
    static long mebibytes(String size) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([kKmMgGtT]?)(i?)").matcher(size);
        if (!m.matches()) throw new IllegalArgumentException("not a size in bytes, KiB, MiB, GiB or TiB: '" + size + "'");
        long n = Long.parseLong(m.group(1));
        long bytes = switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "" -> n;
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n << 40;
        };
        return (bytes + (1 << 20) - 1) >> 20;
    }

    private static Map<String, Object> podIp() {
        return map("name", "POD_IP", "valueFrom", map("fieldRef", map("fieldPath", "status.podIP")));
    }

    private static Map<String, Object> env(String name, String value) {
        return map("name", name, "value", value);
    }

    private Map<String, Object> metadata(String name, String component) {
        Map<String, Object> m = map("name", name);
        if (!k.namespace().isEmpty()) m.put("namespace", k.namespace());
        m.put("labels", labels(component));
        m.put("annotations", annotations());
        return m;
    }

    /** The labels that select a role's pods ({@code component} null: the job's objects as a whole). */
    Map<String, Object> labels(String component) {
        Map<String, Object> m = map("app.kubernetes.io/name", "tributary", "app.kubernetes.io/instance", k.name());
        if (component != null) m.put("app.kubernetes.io/component", component);
        return m;
    }

    private Map<String, Object> annotations() {
        return map("tributary.io/run-id", plan.runId(), "tributary.io/run-name", plan.runDir().getFileName().toString(),
                "tributary.io/job", plan.job().name());
    }

    static String learnerScript() {
        try (InputStream in = Manifests.class.getResourceAsStream("learner-start.sh")) {
            if (in == null) throw new IllegalStateException("learner-start.sh is not on the classpath (ops' resources)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read learner-start.sh", e);
        }
    }

    private static String keyFile(String role) {
        return ClusterKeys.keyStore(Path.of(""), role).toString();
    }

    /** An ordered map of alternating keys and values. */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
