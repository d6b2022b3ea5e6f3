package io.tributary.learner.transport;

import static org.junit.jupiter.api.Assertions.*;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.tributary.protocol.TrajectoryFragment;
import io.tributary.protocol.codec.TrajectoryFragmentLayout;
import io.tributary.protocol.control.ControlCodec;
import io.tributary.transport.AeronClients;
import io.tributary.transport.EmbeddedDriver;
import io.tributary.transport.FragmentPublisher;
import io.tributary.transport.TransportConfig;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The actor's non-blocking path: a pending fragment is tried once per call and a full stream never holds the caller. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NonBlockingPublishTest {

    @TempDir
    Path tmp;

    @Test
    void aBackPressuredPublicationReturnsAtOnceAndKeepsTheFragmentPending() throws Exception {
        TransportConfig cfg = TransportConfig.defaults(TransportConfig.Mode.IPC).withAeronDir(tmp.resolve("driver"));
        int envs = 4;
        int steps = 32;
        try (EmbeddedDriver driver = EmbeddedDriver.launch(cfg.aeronDir()); Aeron aeron = AeronClients.connect(cfg.aeronDir())) {
            int maxLength = TrajectoryFragmentLayout.maxLength(envs, steps, 67, 21);
            int termLength = TransportConfig.termLengthFor(Math.max(maxLength, ControlCodec.MAX_LENGTH));
            // a subscriber that never polls: the publication fills its window and then is back-pressured
            try (Subscription stuck = aeron.addSubscription(cfg.fragmentsChannel(termLength), cfg.fragmentsStreamId());
                    FragmentPublisher pub = new FragmentPublisher(aeron, cfg, envs, steps, 67, 21)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!(pub.isConnected() && stuck.isConnected())) {
                    assertTrue(System.nanoTime() < deadline, "not connected");
                    Thread.sleep(1);
                }
                TrajectoryFragment f = new TrajectoryFragment(envs, steps, 67, 21);
                int sent = 0;
                long slowestNs = 0;
                boolean backPressured = false;
                for (int i = 0; i < 10_000 && !backPressured; i++) {
                    if (!pub.hasStaged()) pub.stage(f);
                    long t = System.nanoTime();
                    boolean out = pub.offerStaged();
                    slowestNs = Math.max(slowestNs, System.nanoTime() - t);
                    if (out) sent++;
                    else backPressured = true;
                }
                assertTrue(backPressured, "the window never filled after " + sent + " fragments");
                assertTrue(sent > 0);
                assertTrue(pub.hasStaged(), "the fragment that did not go out is still pending");
                assertEquals(sent, pub.fragmentsPublished());
                // one attempt per call: no offer loop, no deadline inside (a loaded machine still answers in well under 50 ms)
                assertTrue(slowestNs < TimeUnit.MILLISECONDS.toNanos(50), "slowest offer " + slowestNs / 1e6 + " ms");
                assertThrows(IllegalStateException.class, () -> pub.stage(f), "one pending fragment at a time");
                long t = System.nanoTime();
                pub.tryPublishControl(new io.tributary.protocol.control.ControlMessage.Heartbeat(0, 1, 0, 0, 0, 0));
                assertTrue(System.nanoTime() - t < TimeUnit.MILLISECONDS.toNanos(50), "a control message is tried once as well");
            }
        }
    }
}
