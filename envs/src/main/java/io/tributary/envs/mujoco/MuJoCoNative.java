package io.tributary.envs.mujoco;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The downcalls into Tributary's MuJoCo shim ({@code src/main/c/tributary_mujoco.c}) and, through it, libmujoco.
 *
 * <p>Loading: the shim is built by the Maven build into {@code target/classes/native/linux-x86_64/} and found on the
 * class path (extracted to a temp file when inside a jar). Overrides, system property or environment variable:
 * {@code tributary.mujoco.lib} / {@code TRIBUTARY_MUJOCO_LIB}: a libmujoco.so to load first (the shim's dependency
 * on {@code libmujoco.so.2.2.2} then resolves to it); {@code tributary.mujoco.shim} / {@code TRIBUTARY_MUJOCO_SHIM}:
 * a shim built elsewhere (see build.sh for MUJOCO_INCLUDE / MUJOCO_LIB_DIR). Any failure is one
 * {@link MuJoCoUnavailableException} saying what to install.
 */
@SuppressWarnings("restricted") // FFM: this package is the one place that touches native memory
public final class MuJoCoNative {

    static final int ABI_VERSION = 3;
    private static final String INSTALL_HINT = "install Debian's libmujoco-dev 2.2.2 (apt-get install libmujoco-dev) and "
            + "gcc, then rebuild the envs module; or point -Dtributary.mujoco.lib (env TRIBUTARY_MUJOCO_LIB) at a libmujoco.so";

    final MethodHandle liveObjects, lastError, loadXmlVfs, copyModel, freeModel, makeData, freeData;
    final MethodHandle modelArray, dataArray, modelSize, optionField, dataScalar;
    final MethodHandle forwardNoAct, forward, reset, controlStep, stepBatch, rawSteps, name2id, id2name, errorSelftest;
    final MethodHandle gymStep, gymStepBatch;
    private final int mujocoVersion;

    private static volatile MuJoCoNative instance;
    private static volatile MuJoCoUnavailableException failure;

    /** The loaded binding; throws {@link MuJoCoUnavailableException} (same one every time) if it cannot load. */
    public static MuJoCoNative get() {
        MuJoCoNative n = instance;
        if (n != null) return n;
        synchronized (MuJoCoNative.class) {
            if (instance != null) return instance;
            if (failure != null) throw failure;
            try {
                instance = new MuJoCoNative();
                return instance;
            } catch (MuJoCoUnavailableException e) {
                failure = e;
                throw e;
            } catch (RuntimeException | LinkageError e) {
                failure = new MuJoCoUnavailableException("cannot load MuJoCo: " + e + "; " + INSTALL_HINT, e);
                throw failure;
            }
        }
    }

    /** True when MuJoCo can be used here (for tests and tools that want to say so instead of failing). */
    public static boolean available() {
        try {
            get();
            return true;
        } catch (MuJoCoUnavailableException e) {
            return false;
        }
    }

    private MuJoCoNative() {
        String lib = setting("tributary.mujoco.lib", "TRIBUTARY_MUJOCO_LIB");
        if (lib != null) {
            try {
                System.load(Path.of(lib).toAbsolutePath().toString());
            } catch (UnsatisfiedLinkError e) {
                throw new MuJoCoUnavailableException("cannot load the MuJoCo library configured by tributary.mujoco.lib="
                        + lib + ": " + e.getMessage() + "; " + INSTALL_HINT, e);
            }
        }
        Path shim = locateShim();
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(shim, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new MuJoCoUnavailableException("cannot load MuJoCo (shim " + shim + "): " + e.getMessage() + "; "
                    + INSTALL_HINT, e);
        }
        Linker linker = Linker.nativeLinker();
        MethodHandle abi = handle(linker, lookup, "trb_abi_version", FunctionDescriptor.of(JAVA_INT));
        MethodHandle version = handle(linker, lookup, "trb_mujoco_version", FunctionDescriptor.of(JAVA_INT));
        MethodHandle init = handle(linker, lookup, "trb_init", FunctionDescriptor.ofVoid());
        liveObjects = handle(linker, lookup, "trb_live_objects", FunctionDescriptor.of(JAVA_LONG));
        lastError = handle(linker, lookup, "trb_last_error", FunctionDescriptor.of(ADDRESS));
        loadXmlVfs = handle(linker, lookup, "trb_load_xml_vfs", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_INT,
                ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT));
        copyModel = handle(linker, lookup, "trb_copy_model", FunctionDescriptor.of(ADDRESS, ADDRESS));
        freeModel = handle(linker, lookup, "trb_free_model", FunctionDescriptor.ofVoid(ADDRESS));
        makeData = handle(linker, lookup, "trb_make_data", FunctionDescriptor.of(ADDRESS, ADDRESS));
        freeData = handle(linker, lookup, "trb_free_data", FunctionDescriptor.ofVoid(ADDRESS));
        modelArray = handle(linker, lookup, "trb_model_array",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        dataArray = handle(linker, lookup, "trb_data_array",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        modelSize = handle(linker, lookup, "trb_model_size", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS));
        optionField = handle(linker, lookup, "trb_option_field", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        dataScalar = handle(linker, lookup, "trb_data_scalar", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        Linker.Option critical = Linker.Option.critical(false);
        forwardNoAct = handle(linker, lookup, "trb_forward_noact", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        forward = handle(linker, lookup, "trb_forward", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        reset = handle(linker, lookup, "trb_reset", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        controlStep = handle(linker, lookup, "trb_control_step",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT), critical);
        stepBatch = handle(linker, lookup, "trb_step_batch",
                FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
        gymStep = handle(linker, lookup, "trb_gym_step",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT), critical);
        gymStepBatch = handle(linker, lookup, "trb_gym_step_batch",
                FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
        rawSteps = handle(linker, lookup, "trb_raw_steps", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        errorSelftest = handle(linker, lookup, "trb_error_selftest", FunctionDescriptor.of(JAVA_INT));
        name2id = handle(linker, lookup, "mj_name2id", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        id2name = handle(linker, lookup, "mj_id2name", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));
        try {
            int shimAbi = (int) abi.invokeExact();
            if (shimAbi != ABI_VERSION) {
                throw new MuJoCoUnavailableException("MuJoCo shim " + shim + " has ABI " + shimAbi + ", this code needs "
                        + ABI_VERSION + ": rebuild the envs module (mvn -pl envs compile)", null);
            }
            mujocoVersion = (int) version.invokeExact();
            init.invokeExact();
        } catch (MuJoCoUnavailableException e) {
            throw e;
        } catch (Throwable t) {
            throw new MuJoCoUnavailableException("MuJoCo shim initialisation failed: " + t, t);
        }
    }

    /** MuJoCo's {@code mj_version()}, e.g. 222 for 2.2.2. */
    public int mujocoVersion() {
        return mujocoVersion;
    }

    /** Models and datas currently allocated through the shim (for leak tests). */
    public long liveObjects() {
        try {
            return (long) liveObjects.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Raises a MuJoCo error inside the shim's guard and returns the flags the guard produced ({@link MjData#ERR_MUJOCO}
     * when MuJoCo's error was caught instead of ending the process) with MuJoCo's message available from
     * {@link #lastError()}.
     */
    public int errorPathSelfTest() {
        try {
            return (int) errorSelftest.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The message of the last MuJoCo error caught on this thread. */
    public String lastError() {
        try {
            MemorySegment p = (MemorySegment) lastError.invokeExact();
            return p.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor fd,
                                       Linker.Option... options) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new MuJoCoUnavailableException(
                "symbol " + name + " not found in the MuJoCo shim or libmujoco; rebuild the envs module against "
                        + "libmujoco-dev 2.2.2", null));
        return linker.downcallHandle(symbol, fd, options);
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) v = System.getenv(env);
        return v == null || v.isBlank() ? null : v;
    }

    private static Path locateShim() {
        String configured = setting("tributary.mujoco.shim", "TRIBUTARY_MUJOCO_SHIM");
        if (configured != null) {
            Path p = Path.of(configured);
            if (!Files.isRegularFile(p)) {
                throw new MuJoCoUnavailableException("tributary.mujoco.shim=" + configured + " is not a file", null);
            }
            return p;
        }
        String resource = "/native/linux-x86_64/libtributary_mujoco.so";
        URL url = MuJoCoNative.class.getResource(resource);
        if (url == null) {
            throw new MuJoCoUnavailableException("the MuJoCo shim (" + resource + ") is not on the class path: the envs "
                    + "build compiles it with gcc against libmujoco-dev; " + INSTALL_HINT, null);
        }
        try {
            if ("file".equals(url.getProtocol())) return Path.of(url.toURI());
            Path tmp = Files.createTempFile("tributary_mujoco", ".so");
            tmp.toFile().deleteOnExit();
            try (InputStream in = url.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return tmp;
        } catch (IOException | java.net.URISyntaxException e) {
            throw new MuJoCoUnavailableException("cannot extract the MuJoCo shim: " + e, e);
        }
    }

    static final ValueLayout.OfInt INT = JAVA_INT;
}
