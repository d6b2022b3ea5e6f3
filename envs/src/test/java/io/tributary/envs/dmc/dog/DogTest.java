package io.tributary.envs.dmc.dog;

import io.tributary.envs.Env;
import io.tributary.envs.EnvRegistry;
import io.tributary.envs.Step;
import io.tributary.envs.dmc.DmControlEnv;
import io.tributary.envs.dmc.DmControlInstallation;
import io.tributary.envs.dmc.DmSuite;
import io.tributary.envs.dmc.DmTaskSpec;
import io.tributary.envs.dmc.Physics;
import io.tributary.envs.mujoco.MjObj;
import io.tributary.envs.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dog's physics facts (facts 6.3) on the model loaded from the dm_control installation, whenever one is found
 * (skipped, saying why, when not); and what a user without one sees, always.
 */
class DogTest {

    private static DmTaskSpec spec(Dog.Variant v) {
        DmTaskSpec spec = DmSuite.spec(v.id());
        assumeTrue(spec.available(), () -> "skipped: " + spec.unavailableReason().orElse(""));
        return spec;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Dog.Variant.class)
    void physicsFactsOfTheSuitesDog(Dog.Variant v) {
        try (DmControlEnv env = new DmControlEnv(spec(v))) {
            Physics p = env.physics();
            boolean fetch = v == Dog.Variant.FETCH;
            // the ball's free joint adds 7 qpos and 6 dofs in fetch
            assertEquals(fetch ? 87 : 80, p.nq(), "nq");
            assertEquals(fetch ? 85 : 79, p.nv(), "nv");
            assertEquals(38, p.nu(), "nu");
            assertEquals(38, p.na(), "na: every actuator a filter");
            assertEquals(162, p.mjModel().size("nmesh"), "bone meshes");
            assertEquals(0, p.mjModel().size("nskin"), "the skin (rendering only) is removed");
            double[] mass = p.model("body_mass").toArray();
            double total = 0;
            for (double m : mass) total += m;
            double dog = fetch ? total - mass[p.bodyId("ball")] : total;
            assertEquals(10.81, dog, 0.005, "total mass with the meshes (8.39 kg without)");
            assertEquals(dog, p.model("body_subtreemass").get(p.bodyId("torso")), 1e-9, "the torso's subtree is the dog");
            assertEquals(fetch ? 232 : 223, env.observationSpace().size(), "observation size");
            assertEquals(38, env.actionSpace().size());
            for (int i = 0; i < 38; i++) {
                assertEquals(-1.0, env.actionSpace().low(i), 0.0);
                assertEquals(1.0, env.actionSpace().high(i), 0.0);
            }
            assertEquals(0.005, p.timestep(), 0.0);
            assertEquals(3, env.nSubSteps());
            assertEquals(1000.0, env.stepLimit(), 0.0);
            assertEquals(v.floorSize, p.geomSize(p.geomId("floor"), 0), 0.0, "floor half-size");
            for (String name : List.of("wall_px", "wall_py", "wall_nx", "wall_ny", "target")) {
                assertEquals(fetch, p.mjModel().id(MjObj.GEOM, name) >= 0, name + " kept only in fetch");
            }
            assertEquals(fetch, p.mjModel().id(MjObj.CAMERA, "head") >= 0, "the head camera kept only in fetch");
            // the golden header's total (the suite's own compile of the same files)
            Map<String, Object> h = Golden.dmControl("tasks/dog-" + v.task + "_seed0_A.jsonl.gz", 1).get(0);
            assertEquals(((Number) h.get("total_mass")).doubleValue(), total, 1e-12, "total mass as the suite compiles it");
            assertEquals(((Number) h.get("nq")).intValue(), p.nq());
            assertEquals(((Number) h.get("nsensordata")).intValue(), p.mjModel().size("nsensordata"));
        }
    }

    @Test
    void aThousandStepEpisodeThroughTheRegistry() {
        String id = Dog.Variant.WALK.id();
        spec(Dog.Variant.WALK);
        assertTrue(EnvRegistry.ids().contains(id), id + " listed with an installation");
        try (Env env = EnvRegistry.make(id)) {
            env.reset(3);
            double[] action = new double[38];
            for (int t = 1; t <= 1000; t++) {
                for (int i = 0; i < 38; i++) action[i] = Math.sin(0.02 * t + i);
                Step s = env.step(action);
                assertFalse(s.terminated());
                assertEquals(t == 1000, s.truncated(), "t=" + t);
                assertTrue(s.reward() >= 0 && s.reward() <= 1, "reward " + s.reward());
            }
        }
    }

    /** A fresh JVM whose tributary.dm_control.dir names a directory without the dog: not listed, made with a clear error. */
    @Test
    void withoutAnInstallationTheDogIsNotListedAndMakeSaysWhy(@TempDir Path empty) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "-D" + DmControlInstallation.PROPERTY + "=" + empty,
                DogWithoutInstallationMain.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("listed=false"), out);
        assertTrue(out.contains("unavailable=[dm_control/dog-fetch-v0, dm_control/dog-run-v0, dm_control/dog-stand-v0, "
                + "dm_control/dog-trot-v0, dm_control/dog-walk-v0]"), out);
        assertTrue(out.contains("others=true"), out);
        assertTrue(out.contains("error=DmControlMissingException: dm_control/dog-trot-v0 needs a dm_control installation"), out);
        assertTrue(out.contains(empty.resolve("suite").resolve("dog.xml") + " does not exist"), out);
        assertTrue(out.contains("TRIBUTARY_DM_CONTROL_DIR"), out);
    }

    @Test
    void theMissingInstallationErrorIsTheOneMakeThrows() {
        // in this JVM: with an installation the dog makes; without, make throws the lookup's message
        DmTaskSpec spec = DmSuite.spec(Dog.Variant.STAND.id());
        if (spec.available()) return;
        Dog.DmControlMissingException e = assertThrows(Dog.DmControlMissingException.class, () -> EnvRegistry.make(spec.id()));
        assertEquals(spec.unavailableReason().orElseThrow(), e.getMessage());
    }
}
