package io.tributary.envs.mujoco;

/**
 * {@code java -cp envs/target/classes --enable-native-access=ALL-UNNAMED io.tributary.envs.mujoco.MuJoCoCheck}: says
 * whether MuJoCo loads here (exit 0, with its version) or why not (exit 1, with what to install).
 */
public final class MuJoCoCheck {
    private MuJoCoCheck() {}

    public static void main(String[] args) {
        try {
            MuJoCoNative nat = MuJoCoNative.get();
            int v = nat.mujocoVersion();
            System.out.println("MuJoCo " + v / 100 + "." + v / 10 % 10 + "." + v % 10 + " loaded through Tributary's shim");
        } catch (MuJoCoUnavailableException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
