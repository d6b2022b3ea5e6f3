package io.tributary.learner.nn.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CUDA C kernels kept as sources beside this class ({@code kernels/*.cu}), compiled at start-up by NVRTC for
 * the device's own compute capability ({@code sm_90} on Hopper) into CUBINs, loaded with {@code cudaLibraryLoadData},
 * and launched by name. Compiled with {@code --fmad=false}: the elementwise work is memory-bound, and keeping
 * multiplies and adds separate keeps the results closer to the host's Java loops.
 *
 * <p>Launch arguments go through one reusable native area (the runtime copies them at launch): a backend serves one
 * thread, and so do its kernels.
 */
public final class CudaKernels {

    /** The source files, each a separate NVRTC program. */
    static final List<String> SOURCES = List.of("nn.cu", "ppo.cu", "adam.cu");
    static final String RESOURCE_DIR = "kernels/";
    private static final int MAX_ARGS = 32;

    private final CudaNative cuda;
    private final Map<String, MemorySegment> kernels = new HashMap<>();
    private final MemorySegment argv;
    private final MemorySegment argSlots;
    private final MemorySegment grid;
    private final MemorySegment block;
    private final String arch;

    CudaKernels(CudaNative cuda, int computeCapability) {
        this.cuda = cuda;
        this.arch = "sm_" + computeCapability;
        Arena arena = Arena.ofAuto();
        argv = arena.allocate(ADDRESS, MAX_ARGS);
        argSlots = arena.allocate(JAVA_LONG, MAX_ARGS);
        for (int i = 0; i < MAX_ARGS; i++) argv.setAtIndex(ADDRESS, i, argSlots.asSlice(8L * i, 8));
        grid = arena.allocate(CudaNative.DIM3);
        block = arena.allocate(CudaNative.DIM3);
        for (String file : SOURCES) {
            String src = source(file);
            byte[] cubin = cuda.compile(src, file, "--gpu-architecture=" + arch, "--fmad=false", "--std=c++17");
            MemorySegment lib = cuda.libraryLoad(cubin);
            for (String name : kernelNames(src)) kernels.put(name, cuda.libraryKernel(lib, name));
        }
    }

    /** The source text of one kernel file (also read by the tests that compile it without a GPU). */
    public static String source(String file) {
        try (InputStream in = CudaKernels.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) throw new IllegalStateException("kernel source " + RESOURCE_DIR + file + " missing from the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read kernel source " + file, e);
        }
    }

    /** The names declared {@code extern "C" __global__ void NAME(} in a source. */
    static List<String> kernelNames(String src) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("extern \"C\" __global__ void (\\w+)\\(").matcher(src);
        List<String> names = new java.util.ArrayList<>();
        while (m.find()) names.add(m.group(1));
        return names;
    }

    public String arch() {
        return arch;
    }

    /**
     * Launches kernel {@code name} on a 1-D grid. Arguments: {@link MemorySegment} (a pointer), Integer, Long,
     * Float, Double, in the kernel's parameter order.
     */
    void launch(String name, int gridX, int blockX, MemorySegment stream, Object... args) {
        MemorySegment k = kernels.get(name);
        if (k == null) throw new IllegalArgumentException("no kernel " + name + " in " + SOURCES);
        if (args.length > MAX_ARGS) throw new IllegalArgumentException("too many kernel arguments: " + args.length);
        for (int i = 0; i < args.length; i++) {
            long at = 8L * i;
            switch (args[i]) {
                case MemorySegment p -> argSlots.set(ADDRESS, at, p);
                case Integer v -> argSlots.set(JAVA_INT, at, v);
                case Long v -> argSlots.set(JAVA_LONG, at, v);
                case Float v -> argSlots.set(JAVA_FLOAT, at, v);
                case Double v -> argSlots.set(JAVA_DOUBLE, at, v);
                default -> throw new IllegalArgumentException("kernel argument of type " + args[i].getClass());
            }
        }
        dim(grid, Math.max(1, gridX));
        dim(block, blockX);
        cuda.launch(k, name, grid, block, argv, 0, stream);
    }

    private static void dim(MemorySegment d, int x) {
        d.set(JAVA_INT, 0, x);
        d.set(JAVA_INT, 4, 1);
        d.set(JAVA_INT, 8, 1);
    }

    /** Blocks of {@code threads} covering {@code n} elements, capped (the kernels are grid-stride loops). */
    static int blocks(long n, int threads) {
        return (int) Math.max(1, Math.min(4096, (n + threads - 1) / threads));
    }
}
