package io.tributary.transport;

import static org.junit.jupiter.api.Assertions.*;

import io.aeron.Aeron;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.agrona.concurrent.Agent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate between the parts and an Aeron client's mapped memory: the client's close waits for a duty cycle that is
 * inside the gate, and a duty cycle after the close does nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientGateTest {

    @TempDir
    Path tmp;

    @Test
    void theClientsCloseWaitsForTheDutyCycleInsideAndLaterCyclesDoNothing() throws Exception {
        Path dir = tmp.resolve("driver");
        try (EmbeddedDriver driver = EmbeddedDriver.launch(dir)) {
            Aeron aeron = AeronClients.connect(dir);
            AtomicInteger told = new AtomicInteger();
            ClientGate gate = ClientGate.of(aeron, told::incrementAndGet);
            var counter = aeron.addCounter(4999, "gate test");
            AtomicInteger cycles = new AtomicInteger();
            Agent agent = gate.gated(new Agent() {
                @Override
                public int doWork() {
                    counter.increment(); // mapped memory: a SIGSEGV if the client had unmapped it
                    return cycles.incrementAndGet();
                }

                @Override
                public String roleName() {
                    return "test";
                }
            });
            assertEquals(1, agent.doWork());

            assertTrue(gate.enter(), "a duty cycle is inside");
            CompletableFuture<Void> close = CompletableFuture.runAsync(aeron::close);
            Thread.sleep(300);
            assertFalse(close.isDone(), "the close waits while a duty cycle uses the client");
            assertTrue(gate.isClosed(), "but no new duty cycle may enter");
            counter.increment(); // still mapped
            gate.leave();
            close.get(10, TimeUnit.SECONDS);
            assertEquals(1, told.get(), "the owner is told once");
            assertTrue(aeron.isClosed());
            assertEquals(0, agent.doWork(), "a duty cycle after the close does nothing");
            assertEquals(1, cycles.get());
        }
    }
}
