package io.tributary.envs.dmc;

import io.tributary.envs.testing.Golden;
import io.tributary.envs.testing.GoldenCtrl;
import io.tributary.envs.testing.Json;

import io.tributary.envs.mujoco.MjObj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Our MJCF models against the suite's own model files (golden/dm_control/physics): same sizes, masses, names,
 * addresses and options, and the same trajectories under plain mj_step with the recorded ctrl formula.
 */
class DmcGoldenPhysicsTest {

    record Model(String golden, String xml) {
        @Override
        public String toString() {
            return golden;
        }
    }

    /**
     * One model per registered domain: the first registered task's model, checked against the golden file named after
     * the domain (cartpole's first task, balance, has the suite's one-pole model). Where the suite generates the XML
     * per task the file is named {@code <domain>-<task>} (swimmer-swimmer6): then the first task with such a file.
     * A domain the golden set has no physics file for (humanoid_CMU) is left to its task files.
     */
    static List<Model> models() {
        Map<String, Model> byDomain = new java.util.LinkedHashMap<>();
        for (DmTaskSpec spec : DmSuite.specs().values()) {
            if (byDomain.containsKey(spec.domain())) continue;
            for (String golden : List.of(spec.domain(), spec.domain() + "-" + spec.task())) {
                if (Files.isRegularFile(Golden.shared().resolve("golden/dm_control/physics/" + golden + ".jsonl.gz"))) {
                    byDomain.put(spec.domain(), new Model(golden, spec.modelXml().get()));
                    break;
                }
            }
        }
        return List.copyOf(byDomain.values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void sizesMassesAndNamesEqualTheSuite(Model m) {
        Map<String, Object> h = Golden.dmControl("physics/" + m.golden() + ".jsonl.gz").get(0);
        try (Physics p = Physics.fromXml(m.golden() + ".xml", m.xml())) {
            for (String size : List.of("nq", "nv", "nu", "na", "nbody", "njnt", "ngeom", "nsensor", "nsensordata")) {
                assertEquals(((Number) h.get(size)).intValue(), p.mjModel().size(size), size);
            }
            assertEquals(((Number) h.get("timestep")).doubleValue(), p.timestep(), 0.0, "timestep");
            assertEquals(((Number) h.get("integrator")).intValue(), p.mjModel().integrator(), "integrator");
            assertArrayEquals(Json.doubles(h.get("gravity")), p.mjModel().option("gravity").toArray(), 0.0, "gravity");
            double[] mass = p.model("body_mass").toArray();
            assertArrayEquals(Json.doubles(h.get("body_mass")), mass, 1e-12, "body_mass");
            double total = 0;
            for (double v : mass) total += v;
            assertEquals(((Number) h.get("total_mass")).doubleValue(), total, 1e-12, "total mass");
            assertEquals(h.get("body_names"), names(p, MjObj.BODY, p.mjModel().size("nbody")), "body names");
            assertEquals(h.get("joint_names"), names(p, MjObj.JOINT, p.njnt()), "joint names");
            assertEquals(h.get("actuator_names"), names(p, MjObj.ACTUATOR, p.nu()), "actuator names");
            assertArrayEquals(Json.doubles(h.get("jnt_type")), p.model("jnt_type").toArray(), "jnt_type");
            assertArrayEquals(Json.doubles(h.get("jnt_qposadr")), p.model("jnt_qposadr").toArray(), "jnt_qposadr");
            assertArrayEquals(Json.doubles(h.get("jnt_dofadr")), p.model("jnt_dofadr").toArray(), "jnt_dofadr");
            assertArrayEquals(Json.doubles(h.get("qpos0")), p.model("qpos0").toArray(), 0.0, "qpos0");
            assertArrayEquals(Json.doubles(h.get("actuator_ctrlrange")), p.model("actuator_ctrlrange").toArray(), 0.0);
            assertArrayEquals(Json.doubles(h.get("sensor_dim")), p.model("sensor_dim").toArray(), "sensor_dim");
            assertArrayEquals(Json.doubles(h.get("sensor_adr")), p.model("sensor_adr").toArray(), "sensor_adr");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void trajectoriesMatchTheSuiteModel(Model m) {
        List<Map<String, Object>> rows = Golden.dmControl("physics/" + m.golden() + ".jsonl.gz");
        try (Physics p = Physics.fromXml(m.golden() + ".xml", m.xml()); Arena arena = Arena.ofConfined();
             io.tributary.envs.mujoco.MjData probe = new io.tributary.envs.mujoco.MjData(p.mjModel())) {
            GoldenCtrl signal = new GoldenCtrl(p, arena);
            p.mjData().resetAndForward();
            mujocoReset(p);
            for (int r = 1; r < rows.size(); r++) {
                Map<String, Object> row = rows.get(r);
                int step = signal.stepTo(((Number) row.get("step")).intValue());
                // Tight early on; these small models are not chaotic enough to drift far within 1000 steps.
                double tol = step <= 200 ? 1e-12 : 1e-6;
                assertEquals(((Number) row.get("time")).doubleValue(), p.time(), 1e-12, "time at step " + step);
                assertArrayEquals(Json.doubles(row.get("qpos")), p.data("qpos").toArray(), tol, "qpos at step " + step);
                assertArrayEquals(Json.doubles(row.get("qvel")), p.data("qvel").toArray(), tol * 10, "qvel at step " + step);
                assertArrayEquals(Json.doubles(row.get("sens_step")), p.data("sensordata").toArray(), tol * 10,
                        "sensordata (as mj_step left it) at step " + step);
                // mj_forward on a copy of the recorded state: accelerations and all sensor stages
                // as mj_copyData does: the constraint solver starts from qacc_warmstart, which moves contact forces in the
                // last bits
                for (String f : List.of("qpos", "qvel", "act", "ctrl", "qacc_warmstart")) probe.array(f).setAll(p.data(f).toArray());
                probe.setTime(p.time());
                probe.forward();
                assertArrayEquals(Json.doubles(row.get("qacc_fwd")), probe.array("qacc").toArray(), tol * 100,
                        "qacc after mj_forward at step " + step);
                assertArrayEquals(Json.doubles(row.get("sens_fwd")), probe.array("sensordata").toArray(), tol * 10,
                        "sensordata after mj_forward at step " + step);
            }
        }
    }

    /** The golden rows start from a plain mj_resetData (no forward pass). */
    private static void mujocoReset(Physics p) {
        p.data("qpos").setAll(p.model("qpos0").toArray());
        p.data("qvel").setAll(new double[p.nv()]);
        p.mjData().setTime(0);
        // mj_resetData zeroes the whole data buffer; the golden step-0 row was read before any mj_forward, so
        // sensors computed by resetAndForward() above must not survive into it.
        p.data("sensordata").setAll(new double[p.data("sensordata").toArray().length]);
        // ... nor the solver warm start that forward pass left: mj_step's constraint solver starts from it, and a warm
        // start changes the first solve of every model with active constraints (quadruped's tendon couplings)
        p.data("qacc_warmstart").setAll(new double[p.nv()]);
    }

    private static List<String> names(Physics p, MjObj type, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = p.name(type, i);
            out.add(name == null ? "" : name);
        }
        return out;
    }
}
