package io.tributary.ops.launch.k8s;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The job file's optional {@code k8s { ... }} block: what only Kubernetes needs to know (the image, the namespace, the
 * volume, resources and node selection per role). Every key has a default, so a job without the block launches as is.
 * docs/DEPLOY.md lists the keys; an unknown key or a bad value is an error naming the key, its line and what is allowed.
 *
 * @param name             the objects' name prefix (a DNS label of at most {@link #MAX_NAME} characters)
 * @param namespace        where the objects go; empty: kubectl's current namespace
 * @param createNamespace  whether the manifests create the namespace too
 * @param image            the container image (docs/DEPLOY.md, "Container image")
 * @param imagePullPolicy  Always, IfNotPresent or Never
 * @param imagePullSecret  a Secret for a private registry; empty: none
 * @param storage          the run volume's size (a Kubernetes quantity)
 * @param storageClass     the run volume's storage class; empty: the cluster's default
 * @param learner          the learner's resources and nodes
 * @param actor            each actor's resources and nodes
 */
public record KubernetesSettings(String name, String namespace, boolean createNamespace, String image, String imagePullPolicy,
        String imagePullSecret, String storage, String storageClass, Role learner, Role actor) {

    /** The block's name in the job file. */
    public static final String BLOCK = "k8s";
    /** The image ops/image builds (docs/DEPLOY.md, "Container image"). */
    public static final String DEFAULT_IMAGE = "tributary:cpu";
    /** Leaves room for the longest suffix ({@code -credentials}) within a DNS label's 63 characters. */
    public static final int MAX_NAME = 40;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    /** A Kubernetes quantity as users write it for cpu, memory and storage: 500m, 2, 1.5, 512Mi, 4Gi, 1G. */
    private static final Pattern QUANTITY = Pattern.compile("(\\d+(\\.\\d+)?|\\.\\d+)(m|k|M|G|T|P|Ki|Mi|Gi|Ti|Pi)?");
    /** A label key: an optional DNS-subdomain prefix and a name (kubernetes.io/hostname, disktype). */
    private static final Pattern LABEL_KEY = Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");
    private static final Set<String> KEYS = Set.of("name", "namespace", "create-namespace", "image", "image-pull-policy",
            "image-pull-secret", "storage", "storage-class", "learner", "actor");
    private static final Set<String> ROLE_KEYS = Set.of("cpu", "cpu-limit", "memory", "shm", "node-selector");

    /**
     * One role's pod settings.
     *
     * @param cpu          the cpu request; empty: the role's default (learner 2, an actor its threads-per-actor)
     * @param cpuLimit     the cpu limit; empty: none (a limit throttles the JVM and the media driver in bursts)
     * @param memory       the memory request and limit; empty: from the heap (placement's learner-heap, actor-heap)
     * @param shm          the size of the in-memory /dev/shm (Aeron's buffers), counted in the memory limit
     * @param nodeSelector the nodes' labels this role's pods need
     */
    public record Role(String cpu, String cpuLimit, String memory, String shm, Map<String, String> nodeSelector) {
        public Role {
            nodeSelector = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodeSelector));
        }
    }

    /** The defaults: a job with no k8s block. */
    public static KubernetesSettings defaults(String jobName) {
        return new KubernetesSettings(defaultName(jobName), "", false, DEFAULT_IMAGE, "IfNotPresent", "", "10Gi", "",
                new Role("2", "", "", "1Gi", Map.of()), new Role("", "", "", "256Mi", Map.of()));
    }

    /** The {@code k8s} block of {@code jobFile} (the defaults where it has none). */
    public static KubernetesSettings read(Path jobFile, String jobName) {
        Config c;
        try {
            c = ConfigFactory.parseFile(jobFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--job " + jobFile + ": " + e.getMessage(), e);
        }
        KubernetesSettings d = defaults(jobName);
        if (!c.hasPath(BLOCK)) return d;
        String where = "--job " + jobFile + ": " + BLOCK;
        ConfigObject block = object(c.root(), BLOCK, where);
        check(block, KEYS, where);
        String name = text(block, "name", d.name, where);
        if (!DNS_LABEL.matcher(name).matches() || name.length() > MAX_NAME) {
            throw bad(where, block, "name", "a DNS label (lowercase letters, digits and '-', starting with a letter) of at most "
                    + MAX_NAME + " characters", name);
        }
        String namespace = text(block, "namespace", d.namespace, where);
        if (!namespace.isEmpty() && (!DNS_LABEL.matcher(namespace).matches() || namespace.length() > 63)) {
            throw bad(where, block, "namespace", "a DNS label (lowercase letters, digits and '-') of at most 63 characters", namespace);
        }
        String create = text(block, "create-namespace", "false", where);
        if (!create.equals("true") && !create.equals("false")) throw bad(where, block, "create-namespace", "true or false", create);
        if (create.equals("true") && namespace.isEmpty()) {
            throw new IllegalArgumentException(where + ".create-namespace is true but no namespace is set: set " + BLOCK + ".namespace");
        }
        String image = text(block, "image", d.image, where);
        if (image.isEmpty() || image.chars().anyMatch(Character::isWhitespace)) {
            throw bad(where, block, "image", "an image reference such as registry.example.com/tributary:cpu", image);
        }
        String pull = text(block, "image-pull-policy", d.imagePullPolicy, where);
        if (!PULL_POLICIES.contains(pull)) throw bad(where, block, "image-pull-policy", "one of " + new TreeSet<>(PULL_POLICIES), pull);
        String pullSecret = text(block, "image-pull-secret", "", where);
        if (!pullSecret.isEmpty() && !DNS_LABEL.matcher(pullSecret).matches() && !pullSecret.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
            throw bad(where, block, "image-pull-secret", "a Secret's name", pullSecret);
        }
        String storage = quantity(block, "storage", d.storage, where, false);
        String storageClass = text(block, "storage-class", "", where);
        return new KubernetesSettings(name, namespace, create.equals("true"), image, pull, pullSecret, storage, storageClass,
                role(block, "learner", d.learner, where), role(block, "actor", d.actor, where));
    }

    /** The default name prefix: {@code tributary-} and the job's name as a DNS label. */
    static String defaultName(String jobName) {
        String s = jobName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("-+", "-").replaceAll("^-|-$", "");
        String name = "tributary" + (s.isEmpty() ? "" : "-" + s);
        if (name.length() > MAX_NAME) name = name.substring(0, MAX_NAME).replaceAll("-+$", "");
        return name;
    }

    private static Role role(ConfigObject block, String key, Role d, String where) {
        if (!block.containsKey(key)) return d;
        String w = where + "." + key;
        ConfigObject r = object(block, key, w);
        check(r, ROLE_KEYS, w);
        Map<String, String> selector = new LinkedHashMap<>();
        if (r.containsKey("node-selector")) {
            String ws = w + ".node-selector";
            ConfigObject sel = object(r, "node-selector", ws);
            for (String label : new TreeSet<>(sel.keySet())) {
                if (!LABEL_KEY.matcher(label).matches()) {
                    throw new IllegalArgumentException(ws + ": '" + label + "'" + line(sel.get(label))
                            + " is not a label key (such as kubernetes.io/hostname or disktype; quote keys with dots)");
                }
                String value = text(sel, label, "", ws);
                if (!LABEL_VALUE.matcher(value).matches() || value.length() > 63) {
                    throw bad(ws, sel, label, "a label value (letters, digits, '-', '_', '.', at most 63)", value);
                }
                selector.put(label, value);
            }
        }
        return new Role(quantity(r, "cpu", d.cpu(), w, true), quantity(r, "cpu-limit", d.cpuLimit(), w, true),
                quantity(r, "memory", d.memory(), w, true), quantity(r, "shm", d.shm(), w, false), selector);
    }

    private static ConfigObject object(ConfigObject parent, String key, String where) {
        ConfigValue v = parent.get(key);
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw new IllegalArgumentException(where + " must be a block { ... }" + line(v) + ", was " + v.valueType().name().toLowerCase(Locale.ROOT));
        }
        return (ConfigObject) v;
    }

    private static void check(ConfigObject o, Set<String> known, String where) {
        for (Map.Entry<String, ConfigValue> kv : o.entrySet()) {
            if (!known.contains(kv.getKey())) {
                throw new IllegalArgumentException(where + ": unknown key '" + kv.getKey() + "'" + line(kv.getValue())
                        + "; known keys are " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static String text(ConfigObject o, String key, String dflt, String where) {
        ConfigValue v = o.get(key);
        if (v == null) return dflt;
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST || v.valueType() == ConfigValueType.NULL) {
            throw new IllegalArgumentException(where + "." + key + line(v) + " must be a value, was " + v.valueType().name().toLowerCase(Locale.ROOT));
        }
        return v.atKey("k").getString("k").strip();
    }

    private static String quantity(ConfigObject o, String key, String dflt, String where, boolean emptyAllowed) {
        String q = text(o, key, dflt, where);
        if (q.isEmpty() && emptyAllowed) return q;
        if (!QUANTITY.matcher(q).matches() || q.matches("[0.]*[a-zA-Z]*")) {
            throw bad(where, o, key, "a positive Kubernetes quantity such as 500m, 2, 512Mi or 4Gi" + (emptyAllowed ? " (or \"\": the default)" : ""), q);
        }
        return q;
    }

    private static IllegalArgumentException bad(String where, ConfigObject o, String key, String allowed, String was) {
        return new IllegalArgumentException(where + "." + key + line(o.get(key)) + " must be " + allowed + ", was '" + was + "'");
    }

    private static String line(ConfigValue v) {
        return v != null && v.origin().lineNumber() > 0 ? " (line " + v.origin().lineNumber() + ")" : "";
    }
}
