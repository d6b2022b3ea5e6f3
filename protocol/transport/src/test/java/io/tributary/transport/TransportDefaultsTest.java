package io.tributary.transport;

import static org.junit.jupiter.api.Assertions.*;

import io.aeron.driver.MediaDriver;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransportDefaultsTest {

    @TempDir
    Path tmp;

    @Test
    void theDefaultMtuPutsEveryFrameIntoOneEthernetPacket() {
        TransportConfig d = TransportConfig.defaults(TransportConfig.Mode.UDP);
        // 20 bytes of IPv4 header and 8 of UDP: over 1500 the kernel fragments the datagram, and one lost piece loses it
        assertTrue(d.mtu() + 20 + 8 <= 1500, "mtu " + d.mtu());
        assertTrue(d.fragmentsChannel(1 << 20).contains("|mtu=" + d.mtu()));
        assertTrue(d.weightsPublicationChannel(1 << 20).contains("|mtu=" + d.mtu()));
    }

    @Test
    void theDriverGetsTheLossRecoveryTimingOfTheTransport() {
        MediaDriver.Context ctx = new MediaDriver.Context();
        TransportConfig.defaults(TransportConfig.Mode.UDP).tune(ctx);
        assertEquals(TransportConfig.DEFAULT_MTU, ctx.mtuLength());
        assertEquals(TransportConfig.NAK_DELAY_NS, ctx.nakUnicastDelayNs());
        assertEquals(TransportConfig.NAK_RETRY_RATIO, ctx.nakUnicastRetryDelayRatio());
        assertEquals(TransportConfig.RETRANSMIT_LINGER_NS, ctx.retransmitUnicastLingerNs());
        assertNotEquals(io.aeron.driver.Configuration.retransmitUnicastLingerNs(), ctx.retransmitUnicastLingerNs(),
                "not Aeron's default");
    }

    @Test
    void lossCountersReadAfterTheDriverClosedAreTheLastOnesReadNotItsUnmappedMemory() {
        EmbeddedDriver driver = EmbeddedDriver.launch(tmp.resolve("driver"));
        assertEquals(LossCounters.ZERO, driver.loss(), "a fresh driver has lost nothing");
        driver.close();
        // the close unmapped the counters: reading them now would be a SIGSEGV, not an exception
        assertEquals(LossCounters.ZERO, driver.loss());
    }

    @Test
    void lossCountersSubtractPerIteration() {
        LossCounters a = new LossCounters(5, 4, 3, 2, 100), b = new LossCounters(7, 4, 6, 2, 160);
        assertEquals(new LossCounters(2, 0, 3, 0, 60), b.minus(a));
    }
}
