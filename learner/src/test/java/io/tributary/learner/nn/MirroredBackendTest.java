package io.tributary.learner.nn;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.FloatBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

/**
 * The copies between host and device that {@link MirroredBackend} (the CUDA backend's bookkeeping) makes, counted on
 * {@link SplitMemoryBackend}: a download only when the host reads what the device wrote, an upload only before an
 * operation reads what the host wrote, none inside device-only work, and a stale copy never read.
 */
class MirroredBackendTest {

    private final SplitMemoryBackend be = new SplitMemoryBackend();

    /** {@code a} (2x3) times {@code b} (3x2) into {@code c}, with a and b written on the host. */
    private Mat[] product() {
        Mat a = be.matrix(2, 3);
        Mat b = be.matrix(3, 2);
        Mat c = be.matrix(2, 2);
        be.host(a).put(0, new float[] {1, 2, 3, 4, 5, 6});
        be.host(b).put(0, new float[] {1, 0, 0, 1, 1, 1});
        be.gemm(a, false, b, false, 0f, c);
        return new Mat[] {a, b, c};
    }

    @Test
    void aHostReadAfterAnOperationDownloadsItsResultOnceAndWritesAreUploadedOnceBeforeTheNextOperation() {
        long up0 = be.uploads();
        long down0 = be.downloads();
        Mat[] m = product();
        assertEquals(2, be.uploads() - up0, "a and b, written on the host, went to the device before the product");
        // the host copies of a and b were made by host(): downloads of their zeroed device copies
        long down = be.downloads();
        FloatBuffer c = be.hostRead(m[2]);
        assertArrayEquals(new float[] {4, 5, 10, 11}, new float[] {c.get(0), c.get(1), c.get(2), c.get(3)});
        assertEquals(down + 1, be.downloads(), "one download for the result");
        be.hostRead(m[2]);
        assertEquals(down + 1, be.downloads(), "a second read copies nothing");
        long up = be.uploads();
        be.gemm(m[0], false, m[1], false, 0f, m[2]);
        assertEquals(up, be.uploads(), "nothing was written on the host since: nothing to upload");
        assertTrue(be.downloads() - down0 >= 3);
    }

    @Test
    void aBufferKeptPastAnOperationThatRewroteTheMatrixIsStaleAndTheTestBackendShowsIt() {
        Mat[] m = product();
        FloatBuffer kept = be.hostRead(m[2]);
        be.host(m[0]).put(0, 2f);
        be.gemm(m[0], false, m[1], false, 0f, m[2]);
        // the contract: ask again after an operation; the split-memory backend poisons the old copy so a test sees it
        assertTrue(Float.isNaN(kept.get(0)), "the kept buffer reads the poisoned stale copy");
        assertEquals(4f + 1f, be.hostRead(m[2]).get(0), "asked again: the new result (a[0][0] 2 instead of 1)");
    }

    @Test
    void writingThroughAReadOnlyBufferIsRefused() {
        Mat m = be.matrix(1, 4);
        assertThrows(ReadOnlyBufferException.class, () -> be.hostRead(m).put(0, 1f));
        Mat cpu = new CpuBackend(Gemm.CBLAS).matrix(1, 4);
        assertThrows(ReadOnlyBufferException.class, () -> new CpuBackend(Gemm.CBLAS).hostRead(cpu).put(0, 1f),
                "the CPU backend refuses it too, so the CPU tests catch a caller that writes through hostRead");
    }

    @Test
    void anOperationOnAViewUploadsTheWholeOwnerTheHostWrote() {
        Mat flat = be.matrix(1, 6);
        Mat w = be.view(flat, 0, 2, 2);
        Mat bias = be.view(flat, 4, 1, 2);
        be.host(flat).put(0, new float[] {1, 2, 3, 4, 10, 20});
        Mat x = be.matrix(1, 2);
        be.host(x).put(0, new float[] {1, 1});
        Mat y = be.matrix(1, 2);
        be.gemm(x, false, w, true, 0f, y);
        be.biasActivation(y, bias, Activation.IDENTITY);
        FloatBuffer out = be.hostRead(y);
        assertEquals(1 + 2 + 10, out.get(0));
        assertEquals(3 + 4 + 20, out.get(1));
        assertThrows(IllegalArgumentException.class, () -> be.host(w), "host access is for owners, not views");
    }

    @Test
    void deviceOnlyWorkUploadsPendingWritesFirstRefusesHostAccessInsideAndLeavesEveryHostCopyStale() {
        Mat[] m = product();
        be.hostRead(m[2]);
        be.host(m[0]).put(0, 7f);
        long up = be.uploads();
        long down = be.downloads();
        be.deviceOnly(() -> {
            assertEquals(up + 1, be.uploads(), "a's new element went to the device before the device-only work");
            assertThrows(IllegalStateException.class, () -> be.hostRead(m[2]));
            assertThrows(IllegalStateException.class, () -> be.host(m[0]));
            be.gemm(m[0], false, m[1], false, 0f, m[2]);
        });
        assertEquals(up + 1, be.uploads());
        assertEquals(7f + 3f, be.hostRead(m[2]).get(0), "the device-only work's result, with a[0][0] = 7");
        assertEquals(7f, be.hostRead(m[0]).get(0), "a was not written inside, but any matrix may have been: read back");
        assertEquals(down + 2, be.downloads(), "every host copy counted as stale after device-only work");
    }
}
