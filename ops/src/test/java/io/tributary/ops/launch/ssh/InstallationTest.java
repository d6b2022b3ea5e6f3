package io.tributary.ops.launch.ssh;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallationTest {

    @TempDir
    Path tmp;

    private static void touch(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, "");
    }

    @Test
    void classesOfACheckoutMeanItsOpsTributaryAndAJarOfABundleItsBinTributary() throws Exception {
        Path checkout = tmp.resolve("src/tributary");
        touch(checkout.resolve("ops/tributary"));
        touch(checkout.resolve("ops/lib/common.sh"));
        assertEquals(new Installation(checkout, checkout.resolve("ops/tributary"), false),
                Installation.of(checkout.resolve("ops/target/classes")));
        assertEquals(new Installation(checkout, checkout.resolve("ops/tributary"), false),
                Installation.of(checkout.resolve("ops/target/tributary-ops-0.1.0-SNAPSHOT.jar")));

        Path bundle = tmp.resolve("opt/tributary-cpu-linux-x86_64");
        touch(bundle.resolve("bin/tributary"));
        touch(bundle.resolve("lib/tributary-ops-0.1.0-SNAPSHOT.jar"));
        assertEquals(new Installation(bundle, bundle.resolve("bin/tributary"), true),
                Installation.of(bundle.resolve("lib/tributary-ops-0.1.0-SNAPSHOT.jar")));
    }

    @Test
    void classesInNeitherAreRefusedSayingWhere() {
        Path jar = tmp.resolve("m2/io/tributary/tributary-ops.jar");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Installation.of(jar));
        assertTrue(e.getMessage().contains(jar.toString()) && e.getMessage().contains("neither a checkout"), e.getMessage());
    }
}
