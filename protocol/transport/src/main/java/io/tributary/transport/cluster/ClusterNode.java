package io.tributary.transport.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.Member;

/**
 * One process's Pekko Cluster node ({@code pekko://tributary@host:port}), beside the process's own actor system of
 * parts. The learner is the seed node with role {@code learner}; an actor joins it with roles {@code actor} and
 * {@code instance-<hex>} (its process instance id, the one its hello carries, so the learner maps a member to an
 * actor id and checks that a control message names its own sender's instance), and registers with the receptionist
 * under {@link #ACTORS}. The control plane (hello, assign, heartbeat, resend, goodbye, shutdown) travels between the
 * nodes as {@link ControlEnvelope}s, serialized by {@link ControlSerializer}.
 *
 * <p>Downing: the Split Brain Resolver, {@code keep-oldest} restricted to role {@code learner} with
 * {@code down-if-alone = off}: the side of a partition that holds the learner stays up; every other side downs
 * itself (an actor node removed this way stops its process: it cannot come back as a zombie with stale weights;
 * a fresh process joins as a new member). {@code stable-after} 5 s: an unreachable actor is removed about 11 s after it
 * went silent (the learner already counts it lost at UNREACHABLE, about 5 s).
 */
public final class ClusterNode {

    public static final String SYSTEM = "tributary";
    public static final String LEARNER_ROLE = "learner";
    public static final String ACTOR_ROLE = "actor";
    private static final String INSTANCE_ROLE = "instance-";

    /** Where actor processes register with the receptionist (their control actors). */
    public static final ServiceKey<ControlEnvelope> ACTORS = ServiceKey.create(ControlEnvelope.class, "tributary-actors");

    /** Where the learner's control actor registers: actors send their hellos, heartbeats and goodbyes to it. */
    public static final ServiceKey<ControlEnvelope> LEARNER_CONTROL = ServiceKey.create(ControlEnvelope.class, "tributary-learner-control");

    private ClusterNode() {
    }

    /** The learner's node: the seed, on {@code host:cfg.port()}. */
    public static <T> ActorSystem<T> startLearner(Behavior<T> guardian, ClusterConfig cfg, String host) throws IOException {
        return ActorSystem.create(guardian, SYSTEM, config(cfg, host, cfg.port(), host, LEARNER_ROLE, List.of(LEARNER_ROLE)));
    }

    /** An actor's node on {@code actorHost} (any free port), joining the learner at {@code learnerHost:cfg.port()}. */
    public static <T> ActorSystem<T> startActor(Behavior<T> guardian, ClusterConfig cfg, String actorHost, String learnerHost,
            long instanceId) throws IOException {
        return ActorSystem.create(guardian, SYSTEM, config(cfg, actorHost, 0, learnerHost, ACTOR_ROLE,
                List.of(ACTOR_ROLE, INSTANCE_ROLE + Long.toHexString(instanceId))));
    }

    /** The process instance id an actor member carries in its roles, if it is one. */
    public static OptionalLong instanceOf(Member m) {
        for (String r : m.getRoles()) {
            if (r.startsWith(INSTANCE_ROLE)) {
                try {
                    return OptionalLong.of(Long.parseUnsignedLong(r.substring(INSTANCE_ROLE.length()), 16));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    static Config config(ClusterConfig cfg, String host, int port, String seedHost, String keyRole, List<String> roles) throws IOException {
        StringBuilder hocon = new StringBuilder("""
                pekko {
                  loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                  logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                  loglevel = INFO
                  actor.provider = cluster
                  # Pekko's provider with refused certificates counted and logged on the refusing side too
                  remote.artery.ssl.ssl-engine-provider = "io.tributary.transport.cluster.CountingSslEngineProvider"
                  remote.artery.ssl.config-ssl-engine {
                    protocol = "TLSv1.3"
                    enabled-algorithms = ["TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"]
                    require-mutual-authentication = on
                    # nodes are authenticated by the CA's signature, not by host name (actors come and go on any host)
                    hostname-verification = off
                  }
                  cluster {
                    downing-provider-class = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"
                    split-brain-resolver {
                      active-strategy = keep-oldest
                      stable-after = 5s
                      keep-oldest { down-if-alone = off, role = "learner" }
                    }
                    jmx.enabled = off
                    log-info-verbose = off
                  }
                  coordinated-shutdown.exit-jvm = off
                  # the process's own hook stops its parts first, then terminates this node (which leaves the cluster)
                  coordinated-shutdown.run-by-jvm-shutdown-hook = off
                  # how long a stopping node waits for the cluster to confirm its leave (Pekko: 10 s). The run's own
                  # messages have said goodbye or shutdown by then; when every process stops at once (SIGTERM to a
                  # whole job) no leader is left to confirm, and the wait would hold every process that long
                  coordinated-shutdown.phases.cluster-exiting.timeout = 3s
                  # the control plane's messages, in Kryo with the registration list of the Aeron control frames
                  actor.serializers.tributary-control = "io.tributary.transport.cluster.ControlSerializer"
                  actor.serialization-bindings { "io.tributary.transport.cluster.ControlEnvelope" = tributary-control }
                }
                """);
        Config c = ConfigFactory.parseString(hocon.toString())
                .withValue("pekko.remote.artery.transport", ConfigValueFactory.fromAnyRef(cfg.tlsDir() == null ? "tcp" : "tls-tcp"))
                .withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host))
                .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port))
                .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(new ArrayList<>(roles)))
                .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(
                        List.of("pekko://" + SYSTEM + "@" + seedHost + ":" + cfg.port())));
        if (cfg.tlsDir() != null) {
            String pw = ClusterKeys.password(cfg.tlsDir());
            String base = "pekko.remote.artery.ssl.config-ssl-engine.";
            Map<String, String> tls = Map.of(
                    "key-store", ClusterKeys.keyStore(cfg.tlsDir(), keyRole).toAbsolutePath().toString(),
                    "trust-store", cfg.tlsDir().resolve(ClusterKeys.TRUSTSTORE).toAbsolutePath().toString(),
                    "key-store-password", pw, "key-password", pw, "trust-store-password", pw);
            for (Map.Entry<String, String> e : tls.entrySet()) c = c.withValue(base + e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
        }
        return c.withFallback(ConfigFactory.load());
    }
}
