package io.tributary.envs.mujoco;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Models that refer to other files compile from memory through MuJoCo's VFS (the dog's meshes and includes). */
class MjModelAssetsTest {

    private static final String MODEL = """
            <mujoco model="assets">
              <compiler meshdir="meshes/"/>
              <include file="./common/option.xml"/>
              <asset><mesh name="tet" file="tet.stl"/></asset>
              <worldbody>
                <body name="b"><freejoint/><geom type="mesh" mesh="tet" density="1000"/></body>
              </worldbody>
            </mujoco>""";
    private static final String INCLUDED = "<mujoco><option timestep=\"0.004\"/></mujoco>";

    /** A binary STL of the tetrahedron (0,0,0), (s,0,0), (0,s,0), (0,0,s), faces wound outwards. */
    static byte[] tetrahedron(float s) {
        float[][] v = {{0, 0, 0}, {s, 0, 0}, {0, s, 0}, {0, 0, s}};
        int[][] faces = {{0, 2, 1}, {0, 1, 3}, {0, 3, 2}, {1, 2, 3}};
        ByteBuffer b = ByteBuffer.allocate(84 + 50 * faces.length).order(ByteOrder.LITTLE_ENDIAN);
        b.position(80);
        b.putInt(faces.length);
        for (int[] f : faces) {
            for (int k = 0; k < 3; k++) b.putFloat(0f); // normal: MuJoCo recomputes it
            for (int i : f) for (float c : v[i]) b.putFloat(c);
            b.putShort((short) 0);
        }
        return b.array();
    }

    private static Map<String, byte[]> files() {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("meshes/tet.stl", tetrahedron(0.1f));
        f.put("common/option.xml", INCLUDED.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    @Test
    void meshesAndIncludesCompileFromMemory() {
        long before = MuJoCoNative.get().liveObjects();
        Map<String, byte[]> doubled = files();
        doubled.put("meshes/tet.stl", tetrahedron(0.2f));
        try (MjModel m = MjModel.fromXml("assets.xml", MODEL, files());
             MjModel big = MjModel.fromXml("assets.xml", MODEL, doubled)) {
            assertEquals(1, m.size("nmesh"));
            assertEquals(0.004, m.timestep(), 0.0, "the included option");
            double mass = m.array("body_mass").get(1);
            assertTrue(mass > 0.1 && mass < 0.3, "a 10 cm tetrahedron of density 1000: " + mass);
            assertEquals(8, big.array("body_mass").get(1) / mass, 1e-5, "the mass comes from the mesh's volume");
        }
        assertEquals(before, MuJoCoNative.get().liveObjects());
    }

    @Test
    void aMissingFileIsNamed() {
        Map<String, byte[]> f = files();
        f.remove("meshes/tet.stl");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MjModel.fromXml("assets.xml", MODEL, f));
        assertTrue(e.getMessage().contains("tet.stl"), e.getMessage());
    }

    @Test
    void twoFilesWithOneNameAreAnError() {
        Map<String, byte[]> f = files();
        f.put("other/TET.stl", tetrahedron(0.2f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MjModel.fromXml("assets.xml", MODEL, f));
        assertTrue(e.getMessage().contains("two VFS files"), e.getMessage());
    }

    @Test
    void moreFilesThanTheVfsHoldsAreAnError() {
        Map<String, byte[]> f = new LinkedHashMap<>();
        for (int i = 0; i < MjModel.MAX_ASSET_FILES + 1; i++) f.put("f" + i, new byte[1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MjModel.fromXml("assets.xml", MODEL, f));
        assertTrue(e.getMessage().contains("VFS"), e.getMessage());
    }
}
