package io.tributary.learner.nn.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The downcalls into the machine's CUDA runtime (libcudart), cuBLAS (libcublas) and NVRTC (libnvrtc), found by
 * {@link CudaLibraries}: the one class that resolves their symbols. Every wrapper checks the call's status and throws
 * a {@link CudaException} naming the call and the library's own error name and text. Only runtime-API entry points
 * are used (no driver API): the runtime binds its primary context to whichever thread calls, so the learner's
 * threads need no context juggling; kernels compiled by NVRTC are loaded with {@code cudaLibraryLoadData} and
 * launched through {@code cudaLaunchKernel} with their {@code cudaKernel_t} (CUDA 12.0 and later).
 *
 * <p>Device pointers travel as {@link MemorySegment}s of length 0 (addresses only): Java never dereferences them.
 * Device memory comes from {@code cudaMalloc} only (never managed memory, whose oversubscription can stall a whole
 * GPU); the host reaches it through page-locked buffers ({@code cudaMallocHost}) and explicit copies.
 */
@SuppressWarnings("restricted") // FFM: this package is the one place in the learner that touches native memory
public final class CudaNative {

    // cudaMemcpyKind, cudaStreamCaptureMode, cudaDeviceAttr, cuBLAS operations (values from the CUDA 12/13 headers)
    static final int MEMCPY_HOST_TO_DEVICE = 1;
    static final int MEMCPY_DEVICE_TO_HOST = 2;
    static final int CAPTURE_MODE_THREAD_LOCAL = 1;
    static final int ATTR_CC_MAJOR = 75;
    static final int ATTR_CC_MINOR = 76;
    static final int STREAM_NON_BLOCKING = 1;
    static final int CUBLAS_OP_N = 0;
    static final int CUBLAS_OP_T = 1;

    /** {@code dim3}, passed by value to {@code cudaLaunchKernel}. */
    static final StructLayout DIM3 = MemoryLayout.structLayout(JAVA_INT.withName("x"), JAVA_INT.withName("y"),
            JAVA_INT.withName("z"));

    final CudaLibraries.Found libraries;
    private final MethodHandle getErrorName, getErrorString, runtimeGetVersion, getDeviceCount, setDevice,
            deviceGetAttribute, malloc, mallocHost, free, freeHost, memcpyAsync, memsetAsync,
            streamCreate, streamSynchronize, deviceSynchronize, beginCapture, endCapture, graphInstantiate,
            graphLaunch, graphDestroy, graphExecDestroy, libraryLoadData, libraryGetKernel, launchKernel;
    private final MethodHandle cublasCreate, cublasSetStream, cublasSetWorkspace, cublasSgemm;
    private final MethodHandle nvrtcVersion, nvrtcCreate, nvrtcCompile, nvrtcLogSize, nvrtcLog, nvrtcCubinSize,
            nvrtcCubin, nvrtcDestroy, nvrtcErrorString;

    private static volatile CudaNative instance;
    private static volatile CudaUnavailableException failure;

    /** The loaded bindings; throws {@link CudaUnavailableException} (the same one every time) when they cannot load. */
    public static CudaNative get() {
        CudaNative n = instance;
        if (n != null) return n;
        synchronized (CudaNative.class) {
            if (instance != null) return instance;
            if (failure != null) throw failure;
            try {
                instance = new CudaNative(CudaLibraries.locate());
                return instance;
            } catch (CudaUnavailableException e) {
                failure = e;
                throw e;
            } catch (RuntimeException | LinkageError e) {
                failure = new CudaUnavailableException("cannot load the CUDA libraries: " + e, e);
                throw failure;
            }
        }
    }

    /** True when the libraries load and the runtime sees at least one device (for tests that skip without one). */
    public static boolean available() {
        try {
            get().deviceCount();
            return true;
        } catch (CudaUnavailableException e) {
            return false;
        }
    }

    /** Why {@link #available()} is false: the message of the failure, or null when CUDA is usable. */
    public static String unavailableReason() {
        try {
            get().deviceCount();
            return null;
        } catch (CudaUnavailableException e) {
            return e.getMessage();
        }
    }

    private CudaNative(CudaLibraries.Found found) {
        this.libraries = found;
        Linker linker = Linker.nativeLinker();
        Path cudartPath = found.path(CudaLibraries.Library.CUDART);
        Path cublasPath = found.path(CudaLibraries.Library.CUBLAS);
        Path nvrtcPath = found.path(CudaLibraries.Library.NVRTC);
        SymbolLookup rt = open(cudartPath);
        // cuBLAS needs cuBLASLt and NVRTC loads its builtins by soname at run time: loading the siblings from the
        // same folder first lets the loader resolve them there even when the folder is not on its path
        preload(cublasPath, "libcublasLt.so.*");
        SymbolLookup blas = open(cublasPath);
        preload(nvrtcPath, "libnvrtc-builtins.so.*");
        SymbolLookup rtc = open(nvrtcPath);

        getErrorName = handle(linker, rt, cudartPath, "cudaGetErrorName", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        getErrorString = handle(linker, rt, cudartPath, "cudaGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        runtimeGetVersion = handle(linker, rt, cudartPath, "cudaRuntimeGetVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        getDeviceCount = handle(linker, rt, cudartPath, "cudaGetDeviceCount", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        setDevice = handle(linker, rt, cudartPath, "cudaSetDevice", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        deviceGetAttribute = handle(linker, rt, cudartPath, "cudaDeviceGetAttribute",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        malloc = handle(linker, rt, cudartPath, "cudaMalloc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        mallocHost = handle(linker, rt, cudartPath, "cudaMallocHost", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        free = handle(linker, rt, cudartPath, "cudaFree", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        freeHost = handle(linker, rt, cudartPath, "cudaFreeHost", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        memcpyAsync = handle(linker, rt, cudartPath, "cudaMemcpyAsync",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS));
        memsetAsync = handle(linker, rt, cudartPath, "cudaMemsetAsync",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, ADDRESS));
        streamCreate = handle(linker, rt, cudartPath, "cudaStreamCreateWithFlags",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        streamSynchronize = handle(linker, rt, cudartPath, "cudaStreamSynchronize", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        deviceSynchronize = handle(linker, rt, cudartPath, "cudaDeviceSynchronize", FunctionDescriptor.of(JAVA_INT));
        beginCapture = handle(linker, rt, cudartPath, "cudaStreamBeginCapture",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        endCapture = handle(linker, rt, cudartPath, "cudaStreamEndCapture", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        graphInstantiate = handle(linker, rt, cudartPath, "cudaGraphInstantiate",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
        graphLaunch = handle(linker, rt, cudartPath, "cudaGraphLaunch", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        graphDestroy = handle(linker, rt, cudartPath, "cudaGraphDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        graphExecDestroy = handle(linker, rt, cudartPath, "cudaGraphExecDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        libraryLoadData = handle(linker, rt, cudartPath, "cudaLibraryLoadData", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        libraryGetKernel = handle(linker, rt, cudartPath, "cudaLibraryGetKernel",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        launchKernel = handle(linker, rt, cudartPath, "cudaLaunchKernel",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, DIM3, DIM3, ADDRESS, JAVA_LONG, ADDRESS));

        cublasCreate = handle(linker, blas, cublasPath, "cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        cublasSetStream = handle(linker, blas, cublasPath, "cublasSetStream_v2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        cublasSetWorkspace = handle(linker, blas, cublasPath, "cublasSetWorkspace_v2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
        cublasSgemm = handle(linker, blas, cublasPath, "cublasSgemm_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS,
                ADDRESS, JAVA_INT));

        nvrtcVersion = handle(linker, rtc, nvrtcPath, "nvrtcVersion", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        nvrtcCreate = handle(linker, rtc, nvrtcPath, "nvrtcCreateProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS,
                ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        nvrtcCompile = handle(linker, rtc, nvrtcPath, "nvrtcCompileProgram",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
        nvrtcLogSize = handle(linker, rtc, nvrtcPath, "nvrtcGetProgramLogSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        nvrtcLog = handle(linker, rtc, nvrtcPath, "nvrtcGetProgramLog", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        nvrtcCubinSize = handle(linker, rtc, nvrtcPath, "nvrtcGetCUBINSize", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        nvrtcCubin = handle(linker, rtc, nvrtcPath, "nvrtcGetCUBIN", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        nvrtcDestroy = handle(linker, rtc, nvrtcPath, "nvrtcDestroyProgram", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        nvrtcErrorString = handle(linker, rtc, nvrtcPath, "nvrtcGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    }

    private static SymbolLookup open(Path lib) {
        try {
            return SymbolLookup.libraryLookup(lib, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new CudaUnavailableException("cannot load " + lib + " (found by the CUDA library search): "
                    + e.getMessage() + "; point -D" + CudaLibraries.PROPERTY + " at a folder with a loadable copy", e);
        }
    }

    /** Loads the first file matching {@code glob} beside {@code lib} (beside its target when it is a link). */
    private static void preload(Path lib, String glob) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(lib.toRealPath().getParent(), glob)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    open(p);
                    return;
                }
            }
        } catch (IOException | CudaUnavailableException e) {
            // not fatal here: the library that needs it fails to load next with the loader's own message
        }
    }

    private static MethodHandle handle(Linker linker, SymbolLookup lookup, Path lib, String name, FunctionDescriptor fd) {
        MemorySegment symbol = lookup.find(name).orElseThrow(() -> new CudaUnavailableException("symbol " + name
                + " not found in " + lib + ": the CUDA backend needs CUDA 12 or 13 libraries"));
        return linker.downcallHandle(symbol, fd);
    }

    // ---- errors

    private String cudaError(int rc) {
        try {
            String n = ((MemorySegment) getErrorName.invokeExact(rc)).reinterpret(256).getString(0);
            String s = ((MemorySegment) getErrorString.invokeExact(rc)).reinterpret(1024).getString(0);
            return n + " (" + rc + "): " + s;
        } catch (Throwable t) {
            return "CUDA error " + rc;
        }
    }

    private void check(int rc, String call) {
        if (rc != 0) throw new CudaException(call + " failed: " + cudaError(rc));
    }

    private static void checkBlas(int rc, String call) {
        // cublasStatus_t: 1 not initialized, 3 alloc failed, 7 invalid value, 8 arch mismatch, 13 execution failed,
        // 14 internal error, 15 not supported
        if (rc != 0) throw new CudaException(call + " failed: cublasStatus_t " + rc);
    }

    private void checkRtc(int rc, String call) {
        if (rc == 0) return;
        String s;
        try {
            s = ((MemorySegment) nvrtcErrorString.invokeExact(rc)).reinterpret(1024).getString(0);
        } catch (Throwable t) {
            s = "nvrtcResult " + rc;
        }
        throw new CudaException(call + " failed: " + s);
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    // ---- device and versions

    /** The runtime's version, e.g. 13000 for 13.0. */
    public int runtimeVersion() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check((int) runtimeGetVersion.invokeExact(v), "cudaRuntimeGetVersion");
            return v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The number of devices; no device (or no driver) is a {@link CudaUnavailableException} with the runtime's words. */
    public int deviceCount() {
        int rc;
        int n;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            rc = (int) getDeviceCount.invokeExact(v);
            n = v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (rc != 0 || n == 0) {
            throw new CudaUnavailableException("the CUDA runtime " + libraries.path(CudaLibraries.Library.CUDART)
                    + " loaded, but finds no usable GPU: cudaGetDeviceCount: " + (rc != 0 ? cudaError(rc) : "0 devices"));
        }
        return n;
    }

    public void setDevice(int device) {
        try {
            check((int) setDevice.invokeExact(device), "cudaSetDevice(" + device + ")");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The device's compute capability as {@code major * 10 + minor} (90 for Hopper). */
    public int computeCapability(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(JAVA_INT);
            check((int) deviceGetAttribute.invokeExact(v, ATTR_CC_MAJOR, device), "cudaDeviceGetAttribute(major)");
            int major = v.get(JAVA_INT, 0);
            check((int) deviceGetAttribute.invokeExact(v, ATTR_CC_MINOR, device), "cudaDeviceGetAttribute(minor)");
            return major * 10 + v.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- memory

    /** Device memory (an address only). */
    public MemorySegment malloc(long bytes) {
        return alloc(malloc, bytes, "cudaMalloc");
    }

    /** Page-locked host memory, sized for Java access: host copies of matrices and the staging of captured copies. */
    public MemorySegment mallocHost(long bytes) {
        return alloc(mallocHost, bytes, "cudaMallocHost").reinterpret(Math.max(bytes, 1));
    }

    private MemorySegment alloc(MethodHandle h, long bytes, String call) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            int rc = (int) h.invokeExact(p, Math.max(bytes, 4L));
            check(rc, call + "(" + bytes + " bytes)");
            return p.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void free(MemorySegment p) {
        try {
            check((int) free.invokeExact(p), "cudaFree");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void freeHost(MemorySegment p) {
        try {
            check((int) freeHost.invokeExact(p), "cudaFreeHost");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cudaMemcpyAsync} host to device; {@code src} page-locked, so the copy is asynchronous and capturable. */
    public void copyToDevice(MemorySegment dst, MemorySegment src, long bytes, MemorySegment stream) {
        memcpyAsync(dst, src, bytes, MEMCPY_HOST_TO_DEVICE, stream, "cudaMemcpyAsync(host to device)");
    }

    /** {@code cudaMemcpyAsync} device to host into page-locked {@code dst}; the host waits for the stream to read it. */
    public void copyToHost(MemorySegment dst, MemorySegment src, long bytes, MemorySegment stream) {
        memcpyAsync(dst, src, bytes, MEMCPY_DEVICE_TO_HOST, stream, "cudaMemcpyAsync(device to host)");
    }

    private void memcpyAsync(MemorySegment dst, MemorySegment src, long bytes, int kind, MemorySegment stream, String call) {
        try {
            check((int) memcpyAsync.invokeExact(dst, src, bytes, kind, stream), call + " of " + bytes + " bytes");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void memsetAsync(MemorySegment dst, int value, long bytes, MemorySegment stream) {
        try {
            check((int) memsetAsync.invokeExact(dst, value, bytes, stream), "cudaMemsetAsync");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- streams and graphs

    public MemorySegment createStream() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(ADDRESS);
            check((int) streamCreate.invokeExact(p, STREAM_NON_BLOCKING), "cudaStreamCreateWithFlags");
            return p.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void synchronize(MemorySegment stream) {
        try {
            check((int) streamSynchronize.invokeExact(stream), "cudaStreamSynchronize");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void deviceSynchronize() {
        try {
            check((int) deviceSynchronize.invokeExact(), "cudaDeviceSynchronize");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void beginCapture(MemorySegment stream) {
        try {
            check((int) beginCapture.invokeExact(stream, CAPTURE_MODE_THREAD_LOCAL), "cudaStreamBeginCapture");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Ends the capture and instantiates the graph; returns the executable graph (the graph itself is freed). */
    public MemorySegment endCaptureAndInstantiate(MemorySegment stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment g = a.allocate(ADDRESS);
            check((int) endCapture.invokeExact(stream, g), "cudaStreamEndCapture");
            MemorySegment graph = g.get(ADDRESS, 0);
            MemorySegment e = a.allocate(ADDRESS);
            check((int) graphInstantiate.invokeExact(e, graph, 0L), "cudaGraphInstantiate");
            check((int) graphDestroy.invokeExact(graph), "cudaGraphDestroy");
            return e.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void graphLaunch(MemorySegment exec, MemorySegment stream) {
        try {
            check((int) graphLaunch.invokeExact(exec, stream), "cudaGraphLaunch");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void graphExecDestroy(MemorySegment exec) {
        try {
            check((int) graphExecDestroy.invokeExact(exec), "cudaGraphExecDestroy");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- kernels

    /** Loads a CUBIN (or PTX) image as a library; the image is copied by the runtime. */
    public MemorySegment libraryLoad(byte[] image) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment img = a.allocate(image.length + 1L);
            MemorySegment.copy(image, 0, img, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, image.length);
            MemorySegment lib = a.allocate(ADDRESS);
            check((int) libraryLoadData.invokeExact(lib, img, MemorySegment.NULL, MemorySegment.NULL, 0,
                    MemorySegment.NULL, MemorySegment.NULL, 0), "cudaLibraryLoadData");
            return lib.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public MemorySegment libraryKernel(MemorySegment library, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment k = a.allocate(ADDRESS);
            check((int) libraryGetKernel.invokeExact(k, library, a.allocateFrom(name)), "cudaLibraryGetKernel(" + name + ")");
            return k.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cudaLaunchKernel(kernel, grid, block, args, shared, stream)}, 1-D grid and block. */
    public void launch(MemorySegment kernel, String name, MemorySegment grid, MemorySegment block, MemorySegment args,
            long sharedBytes, MemorySegment stream) {
        try {
            check((int) launchKernel.invokeExact(kernel, grid, block, args, sharedBytes, stream), "cudaLaunchKernel(" + name + ")");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- cuBLAS

    public MemorySegment cublasCreate() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate(ADDRESS);
            checkBlas((int) cublasCreate.invokeExact(h), "cublasCreate_v2");
            return h.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public void cublasSetStream(MemorySegment handle, MemorySegment stream) {
        try {
            checkBlas((int) cublasSetStream.invokeExact(handle, stream), "cublasSetStream_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A fixed workspace: cuBLAS then never allocates during a graph capture. */
    public void cublasSetWorkspace(MemorySegment handle, MemorySegment workspace, long bytes) {
        try {
            checkBlas((int) cublasSetWorkspace.invokeExact(handle, workspace, bytes), "cublasSetWorkspace_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Column-major {@code C = alpha op(A) op(B) + beta C}; alpha and beta point to host floats. */
    public void sgemm(MemorySegment handle, int opA, int opB, int m, int n, int k, MemorySegment alpha, MemorySegment a,
            int lda, MemorySegment b, int ldb, MemorySegment beta, MemorySegment c, int ldc) {
        try {
            checkBlas((int) cublasSgemm.invokeExact(handle, opA, opB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc),
                    "cublasSgemm_v2");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- NVRTC

    /** NVRTC's version as {major, minor}, e.g. {13, 0}. */
    public int[] nvrtcVersion() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment major = a.allocate(JAVA_INT);
            MemorySegment minor = a.allocate(JAVA_INT);
            checkRtc((int) nvrtcVersion.invokeExact(major, minor), "nvrtcVersion");
            return new int[] {major.get(JAVA_INT, 0), minor.get(JAVA_INT, 0)};
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Compiles one CUDA C source to a CUBIN with the given options; a compile error is a {@link CudaException}
     * carrying NVRTC's log.
     */
    public byte[] compile(String source, String name, String... options) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment progPtr = a.allocate(ADDRESS);
            checkRtc((int) nvrtcCreate.invokeExact(progPtr, a.allocateFrom(source), a.allocateFrom(name), 0,
                    MemorySegment.NULL, MemorySegment.NULL), "nvrtcCreateProgram(" + name + ")");
            MemorySegment prog = progPtr.get(ADDRESS, 0);
            try {
                MemorySegment opts = a.allocate(ADDRESS, options.length);
                for (int i = 0; i < options.length; i++) opts.setAtIndex(ADDRESS, i, a.allocateFrom(options[i]));
                int rc = (int) nvrtcCompile.invokeExact(prog, options.length, opts);
                if (rc != 0) {
                    MemorySegment size = a.allocate(JAVA_LONG);
                    String log = "";
                    if ((int) nvrtcLogSize.invokeExact(prog, size) == 0) {
                        MemorySegment buf = a.allocate(Math.max(1, size.get(JAVA_LONG, 0)));
                        if ((int) nvrtcLog.invokeExact(prog, buf) == 0) log = buf.getString(0);
                    }
                    checkRtc(rc, "nvrtcCompileProgram(" + name + ", " + String.join(" ", options) + ")\n" + log);
                }
                MemorySegment size = a.allocate(JAVA_LONG);
                checkRtc((int) nvrtcCubinSize.invokeExact(prog, size), "nvrtcGetCUBINSize(" + name + ")");
                long n = size.get(JAVA_LONG, 0);
                MemorySegment cubin = a.allocate(Math.max(1, n));
                checkRtc((int) nvrtcCubin.invokeExact(prog, cubin), "nvrtcGetCUBIN(" + name + ")");
                return cubin.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            } finally {
                int ignored = (int) nvrtcDestroy.invokeExact(progPtr);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A host float for cuBLAS's alpha/beta, alive as long as this binding. */
    static MemorySegment hostFloat(float v) {
        MemorySegment s = Arena.global().allocate(JAVA_FLOAT);
        s.set(JAVA_FLOAT, 0, v);
        return s;
    }
}
