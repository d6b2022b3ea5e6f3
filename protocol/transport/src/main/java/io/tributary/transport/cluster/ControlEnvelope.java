package io.tributary.transport.cluster;

import io.tributary.protocol.control.ControlMessage;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A control message between cluster nodes: the run it belongs to, the message, and where answers go (the sender's
 * control actor). With the cluster on, every hello, assignment, heartbeat, resend request, goodbye and shutdown
 * travels in one of these over Pekko remoting (mutual TLS with {@code --cluster-tls}); trajectories and weights stay
 * on Aeron. Serialized by {@link ControlSerializer}.
 */
public record ControlEnvelope(long runId, ControlMessage message, ActorRef<ControlEnvelope> replyTo) {}
