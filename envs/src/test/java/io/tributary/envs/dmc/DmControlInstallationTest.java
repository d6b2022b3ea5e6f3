package io.tributary.envs.dmc;

import io.tributary.envs.dmc.DmControlInstallation.Lookup;
import io.tributary.envs.dmc.DmControlInstallation.PythonAnswer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the dog's files come from: property, then environment variable, then python3's dm_control; clear when none. */
class DmControlInstallationTest {

    private static final PythonAnswer NO_PYTHON_MODULE = new PythonAnswer(null, "ModuleNotFoundError: No module named 'dm_control'");

    /** A directory shaped like dm_control's package (an empty suite/dog.xml and suite/dog_assets/): enough to be found. */
    private static Path fakePackage(Path root) throws IOException {
        Path pkg = root.resolve("dm_control");
        Files.createDirectories(pkg.resolve("suite").resolve("dog_assets"));
        Files.writeString(pkg.resolve("suite").resolve("dog.xml"), "");
        return pkg;
    }

    @Test
    void thePropertyComesFirstThenTheVariableThenPython(@TempDir Path tmp) throws IOException {
        Path a = fakePackage(tmp.resolve("a")), b = fakePackage(tmp.resolve("b")), c = fakePackage(tmp.resolve("c"));
        Lookup byProperty = DmControlInstallation.lookup(a.toString(), b.toString(), () -> new PythonAnswer(c.toString(), null));
        assertEquals(a.toAbsolutePath().normalize(), byProperty.packageDir());
        assertEquals(a.resolve("suite").toAbsolutePath().normalize(), byProperty.suiteDir());
        Lookup byVariable = DmControlInstallation.lookup(null, b.toString(), () -> new PythonAnswer(c.toString(), null));
        assertEquals(b.toAbsolutePath().normalize(), byVariable.packageDir());
        assertTrue(byVariable.source().startsWith(DmControlInstallation.ENV), byVariable.source());
        Lookup byPython = DmControlInstallation.lookup(" ", "", () -> new PythonAnswer(c.toString(), null));
        assertEquals(c.toAbsolutePath().normalize(), byPython.packageDir());
        assertTrue(byPython.source().contains("python3"), byPython.source());
    }

    @Test
    void noneFoundSaysWhatWasTriedAndTheThreeWaysToPointAtOne() {
        Lookup none = DmControlInstallation.lookup(null, null, () -> NO_PYTHON_MODULE);
        assertFalse(none.found());
        String m = none.missingMessage("dm_control/dog-run-v0");
        for (String part : new String[] {"dm_control/dog-run-v0", "suite/dog.xml", "dog_assets", "No module named 'dm_control'",
                "-Dtributary.dm_control.dir=DIR", "TRIBUTARY_DM_CONTROL_DIR=DIR", "python3", "pip install dm_control"}) {
            assertTrue(m.contains(part), "'" + part + "' in: " + m);
        }
    }

    @Test
    void aConfiguredDirectoryWithoutTheDogIsReportedNotSkipped(@TempDir Path tmp) throws IOException {
        Path good = fakePackage(tmp.resolve("good"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Lookup l = DmControlInstallation.lookup(empty.toString(), good.toString(), () -> new PythonAnswer(good.toString(), null));
        assertFalse(l.found(), "the property decides, even when the variable would do");
        String m = l.missingMessage("dm_control/dog-stand-v0");
        assertTrue(m.contains(empty.resolve("suite").resolve("dog.xml") + " does not exist"), m);
        // pointing at suite/ itself or at the directory above the package gets a hint
        Lookup suite = DmControlInstallation.lookup(good.resolve("suite").toString(), null, () -> NO_PYTHON_MODULE);
        assertTrue(suite.missingMessage("x").contains("point at " + good.toAbsolutePath()), suite.missingMessage("x"));
        Lookup above = DmControlInstallation.lookup(null, good.getParent().toString(), () -> NO_PYTHON_MODULE);
        assertTrue(above.missingMessage("x").contains("point at " + good), above.missingMessage("x"));
        Lookup missing = DmControlInstallation.lookup(tmp.resolve("nope").toString(), null, () -> NO_PYTHON_MODULE);
        assertTrue(missing.missingMessage("x").contains("is not a directory"), missing.missingMessage("x"));
    }

    @Test
    void pythonsAnswerIsReadWithoutThrowing() {
        // whatever this machine has: a directory, or a reason (no python3, no dm_control); never an exception
        PythonAnswer a = DmControlInstallation.askPython();
        assertTrue((a.dir() == null) != (a.problem() == null), a.toString());
    }
}
