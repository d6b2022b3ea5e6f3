package io.tributary.learner.nn.cuda;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.util.List;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The GPU tests as a program, for machines with a GPU and no Maven or JDK (the bundle's {@code gpu-checks}): runs
 * the CUDA gradient checks, inference agreement, the device update's growth and update agreement through the JUnit Platform launcher and exits
 * 0 only when every test ran and passed. A skipped test counts as a failure here: on the GPU machine a skip means
 * CUDA was not found, which is what this program is run to rule out. The CPU-vs-GPU update agreement needs ND4J for
 * its CPU side: it runs from the cpu bundle, and is left out, saying so, where ND4J is absent (the gpu bundle).
 */
public final class GpuChecks {

    static final List<String> CLASSES = List.of("io.tributary.learner.algo.CudaPpoGradientCheckTest",
            "io.tributary.learner.nn.CudaInferenceAgreementTest", "io.tributary.learner.algo.CudaPpoStepGrowthTest");
    static final String NEEDS_ND4J = "io.tributary.learner.algo.CudaPpoUpdateAgreementTest";

    private GpuChecks() {}

    public static void main(String[] args) throws ClassNotFoundException {
        // what the run is on: the libraries the search found and their versions, or why there is no CUDA here
        String reason = CudaNative.unavailableReason();
        if (reason == null) {
            CudaNative n = CudaNative.get();
            int[] rtc = n.nvrtcVersion();
            System.out.println("CUDA: runtime " + n.runtimeVersion() + ", NVRTC " + rtc[0] + "." + rtc[1] + ", "
                    + n.deviceCount() + " device(s); libraries " + n.libraries.paths());
        } else {
            System.out.println("CUDA: " + reason);
        }
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (String c : CLASSES) request.selectors(selectClass(Class.forName(c)));
        boolean nd4j;
        try {
            Class.forName("org.nd4j.linalg.factory.Nd4j", false, GpuChecks.class.getClassLoader());
            nd4j = true;
        } catch (ClassNotFoundException e) {
            nd4j = false;
        }
        if (nd4j) request.selectors(selectClass(Class.forName(NEEDS_ND4J)));
        else System.out.println("not run here: " + NEEDS_ND4J + " (its CPU side needs ND4J; run gpu-checks from the cpu bundle)");
        LauncherDiscoveryRequest r = request.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(r, summary, new org.junit.platform.launcher.TestExecutionListener() {
            @Override
            public void executionFinished(org.junit.platform.launcher.TestIdentifier id,
                    org.junit.platform.engine.TestExecutionResult result) {
                if (!id.isTest()) return;
                String why = result.getThrowable().map(t -> ": " + t.getMessage()).orElse("");
                System.out.println(result.getStatus() + "  " + id.getLegacyReportingName() + " " + id.getDisplayName() + why);
            }

            @Override
            public void executionSkipped(org.junit.platform.launcher.TestIdentifier id, String reason) {
                System.out.println("SKIPPED  " + id.getDisplayName() + ": " + reason);
            }
        });
        TestExecutionSummary s = summary.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        s.printTo(out);
        s.printFailuresTo(out, 30);
        boolean ok = s.getTotalFailureCount() == 0 && s.getTestsAbortedCount() == 0 && s.getTestsSkippedCount() == 0
                && s.getTestsSucceededCount() > 0;
        System.out.println(ok ? "gpu-checks: every GPU test passed" : "gpu-checks: FAILED (a failure, or a test skipped or aborted)");
        System.exit(ok ? 0 : 1);
    }
}
