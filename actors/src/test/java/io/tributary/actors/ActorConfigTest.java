package io.tributary.actors;

import static org.junit.jupiter.api.Assertions.*;

import io.tributary.transport.TransportConfig;
import org.junit.jupiter.api.Test;

class ActorConfigTest {

    @Test
    void argumentsRoundTrip() {
        ActorConfig a = ActorConfig.fromArgs(new String[] {"--env", "Pendulum-v1", "--envs", "4", "--steps", "32", "--seed", "7",
                "--parent-pid", "123", "--rollout-perturb-alpha", "0.5", "--embedded-driver", "true", "--transport", "udp"});
        ActorConfig b = ActorConfig.fromArgs(a.toArgs());
        assertEquals(4, b.numEnvs());
        assertEquals(32, b.steps());
        assertEquals(7, b.seed());
        assertEquals(123, b.parentPid());
        assertEquals(0.5, b.rolloutPerturbAlpha());
        assertTrue(b.embeddedDriver());
        assertEquals(TransportConfig.Mode.UDP, b.transport().mode());
    }

    @Test
    void theRunIdIsPassedOnInTheLearnersSixteenDigitFormEvenWithLeadingZeros() {
        ActorConfig a = ActorConfig.fromArgs(new String[] {"--env", "Pendulum-v1", "--run-id", "358e782570e66dd"});
        java.util.List<String> args = java.util.Arrays.asList(a.toArgs());
        assertEquals("0358e782570e66dd", args.get(args.indexOf("--run-id") + 1), "as the learner prints it and launchers compare it");
        assertEquals(0x0358e782570e66ddL, ActorConfig.fromArgs(a.toArgs()).runId());
    }

    @Test
    void badValuesNameTheKeyAndWhatIsAllowed() {
        assertMessage("--seed must be an integer, was 'x'", "--seed", "x");
        assertMessage("--parent-pid must be an integer, was '1.5'", "--parent-pid", "1.5");
        assertMessage("--learner-timeout-ms must be an integer, was ''", "--learner-timeout-ms", "");
        assertMessage("--rollout-perturb-alpha must be a number >= 0, was '-1'", "--rollout-perturb-alpha", "-1");
        assertMessage("--rollout-perturb-alpha must be a number >= 0, was 'big'", "--rollout-perturb-alpha", "big");
        assertMessage("--embedded-driver must be one of true, false; was 'yes'", "--embedded-driver", "yes");
        assertMessage("--envs must be an integer >= 1, was '0'", "--envs", "0");
        assertMessage("--activation must be one of tanh, relu; was 'gelu'", "--activation", "gelu");
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ActorConfig.fromArgs(args));
        assertEquals(expected, e.getMessage());
    }
}
