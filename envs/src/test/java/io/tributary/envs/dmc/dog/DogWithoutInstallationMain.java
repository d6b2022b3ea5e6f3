package io.tributary.envs.dmc.dog;

import io.tributary.envs.EnvRegistry;

/** Run by {@link DogTest} in a JVM whose tributary.dm_control.dir names a directory without the dog: prints what a user sees. */
public final class DogWithoutInstallationMain {
    public static void main(String[] args) {
        System.out.println("listed=" + EnvRegistry.ids().stream().anyMatch(id -> id.startsWith("dm_control/dog-")));
        System.out.println("unavailable=" + EnvRegistry.unavailable().keySet());
        System.out.println("others=" + EnvRegistry.ids().contains("dm_control/quadruped-run-v0"));
        try {
            EnvRegistry.make("dm_control/dog-trot-v0");
            System.out.println("made");
        } catch (RuntimeException e) {
            System.out.println("error=" + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
