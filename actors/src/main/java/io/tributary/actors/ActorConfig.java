package io.tributary.actors;

import io.tributary.transport.TransportConfig;
import io.tributary.protocol.PolicySpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one actor process runs: the environment, how many copies, the fragment length, the network it must agree
 * on with the learner, and where the learner is ({@link TransportConfig}). Read from {@code --key value}
 * arguments so that an actor can be started by hand on another machine.
 *
 * @param rolloutPerturbAlpha RPO perturbed-mean sampling in the rollout (0: plain Gaussian sampling)
 * @param parentPid           exit when this process is gone (-1: none); how a spawned actor never outlives its learner
 * @param learnerTimeoutMs    exit when no new weights version arrives for this long
 * @param threads             rollout threads; each steps envs / threads of the copies (must divide envs)
 */
public record ActorConfig(String envId, int numEnvs, int steps, int[] hidden, PolicySpec.Activation activation,
        double rolloutPerturbAlpha, long seed, long parentPid, long learnerTimeoutMs, boolean embeddedDriver,
        TransportConfig transport, int threads) {

    public ActorConfig {
        if (threads < 1 || numEnvs % threads != 0) {
            throw new IllegalArgumentException("--threads must be >= 1 and divide --envs (" + numEnvs + "), was " + threads);
        }
    }

    public static final Map<String, String> KEYS = keys();

    private static Map<String, String> keys() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("env", "environment id");
        m.put("envs", "environment copies in this actor (>= 1)");
        m.put("steps", "steps per fragment T (>= 1)");
        m.put("hidden", "hidden layer sizes, e.g. 64,64 (must match the learner)");
        m.put("activation", "tanh or relu (must match the learner)");
        m.put("rollout-perturb-alpha", "RPO perturbed-mean sampling in the rollout, >= 0");
        m.put("seed", "fallback seed (the learner's assign overrides it)");
        m.put("parent-pid", "exit when this pid is gone, -1 for none");
        m.put("learner-timeout-ms", "exit after this long without a new version");
        m.put("embedded-driver", "true: run a media driver in this process (remote actor); false: use aeron.dir");
        m.put("threads", "rollout threads, dividing envs (default 1)");
        for (String k : TransportConfig.defaults(TransportConfig.Mode.IPC).toMap().keySet()) m.put(k, "transport, see TransportConfig");
        return Map.copyOf(m);
    }

    public static ActorConfig fromArgs(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --key value pairs, got '" + a + "'; keys: " + String.join(", ", KEYS.keySet()));
            }
            String key = a.substring(2);
            if (!KEYS.containsKey(key)) throw new IllegalArgumentException("unknown key --" + key + "; keys: " + String.join(", ", KEYS.keySet()));
            m.put(key, args[++i]);
        }
        TransportConfig transport = TransportConfig.fromMap(m);
        String act = m.getOrDefault("activation", "tanh");
        PolicySpec.Activation activation = switch (act) {
            case "tanh" -> PolicySpec.Activation.TANH;
            case "relu" -> PolicySpec.Activation.RELU;
            default -> throw new IllegalArgumentException("--activation must be one of tanh, relu; was '" + act + "'");
        };
        int[] hidden;
        try {
            hidden = Arrays.stream(m.getOrDefault("hidden", "64,64").split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--hidden must be comma-separated integers, was '" + m.get("hidden") + "'");
        }
        return new ActorConfig(m.getOrDefault("env", "Pendulum-v1"), num(m, "envs", "8"), num(m, "steps", "256"), hidden,
                activation, alpha(m), longKey(m, "seed", "1"), longKey(m, "parent-pid", "-1"),
                longKey(m, "learner-timeout-ms", "60000"),
                bool(m, "embedded-driver", Boolean.toString(transport.mode() == TransportConfig.Mode.UDP)),
                transport, num(m, "threads", "1"));
    }

    private static double alpha(Map<String, String> m) {
        String v = m.getOrDefault("rollout-perturb-alpha", "0");
        try {
            double a = Double.parseDouble(v);
            if (a >= 0) return a;
        } catch (NumberFormatException e) {
            // named below
        }
        throw new IllegalArgumentException("--rollout-perturb-alpha must be a number >= 0, was '" + v + "'");
    }

    private static long longKey(Map<String, String> m, String key, String dflt) {
        String v = m.getOrDefault(key, dflt);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer, was '" + v + "'");
        }
    }

    /** Strict: Boolean.parseBoolean would read a typo ("ture", "yes") as false without a word. */
    private static boolean bool(Map<String, String> m, String key, String dflt) {
        String v = m.getOrDefault(key, dflt);
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("--" + key + " must be one of true, false; was '" + v + "'");
        };
    }

    private static int num(Map<String, String> m, String key, String dflt) {
        String v = m.getOrDefault(key, dflt);
        try {
            int n = Integer.parseInt(v);
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer >= 1, was '" + v + "'");
        }
    }

    /** The arguments that recreate this configuration (what ops' ActorProcesses passes). */
    public String[] toArgs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("env", envId);
        m.put("envs", Integer.toString(numEnvs));
        m.put("steps", Integer.toString(steps));
        m.put("hidden", String.join(",", Arrays.stream(hidden).mapToObj(Integer::toString).toList()));
        m.put("activation", activation.name().toLowerCase());
        m.put("rollout-perturb-alpha", Double.toString(rolloutPerturbAlpha));
        m.put("seed", Long.toString(seed));
        m.put("parent-pid", Long.toString(parentPid));
        m.put("learner-timeout-ms", Long.toString(learnerTimeoutMs));
        m.put("embedded-driver", Boolean.toString(embeddedDriver));
        m.put("threads", Integer.toString(threads));
        m.putAll(transport.toMap());
        return m.entrySet().stream().flatMap(e -> java.util.stream.Stream.of("--" + e.getKey(), e.getValue())).toArray(String[]::new);
    }
}
