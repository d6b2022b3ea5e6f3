package io.tributary.transport.agent;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

/**
 * The Pekko actor system of a process's parts (the learner's or an actor's guardian and its agents). Pekko's own JVM
 * shutdown hook is off: on SIGTERM it would terminate every part at once, racing the process's hook, which stops the
 * parts in order (the learner: agents, then the metrics part's flush, so no update's row is lost; an actor: a
 * goodbye before its publication closes).
 */
public final class PartsSystem {

    /** The configuration every parts system starts with. */
    public static final Config CONFIG = ConfigFactory.parseString("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off")
            .withFallback(ConfigFactory.load());

    private PartsSystem() {
    }

    public static <T> ActorSystem<T> create(Behavior<T> guardian, String name) {
        return ActorSystem.create(guardian, name, CONFIG);
    }
}
