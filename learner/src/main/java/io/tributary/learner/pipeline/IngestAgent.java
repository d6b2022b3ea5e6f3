package io.tributary.learner.pipeline;

import io.tributary.learner.transport.FragmentIngest;
import org.agrona.concurrent.Agent;

/** The ingest part: polls the fragments stream and accounts the time spent decoding ("transfer" in the log line). */
final class IngestAgent implements Agent {

    private final FragmentIngest ingest;
    private final LearnerState st;

    IngestAgent(FragmentIngest ingest, LearnerState st) {
        this.ingest = ingest;
        this.st = st;
    }

    @Override
    public int doWork() {
        long t = System.nanoTime();
        long before = ingest.fragmentsAccepted();
        int work = ingest.doWork();
        if (work > 0) {
            long now = System.nanoTime();
            st.transferNs.addAndGet(now - t);
            if (ingest.fragmentsAccepted() != before) st.stalls.onFragment(now, st.versionBroadcastEndNs);
        }
        return work;
    }

    @Override
    public void onClose() {
        ingest.close();
    }

    @Override
    public String roleName() {
        return "ingest";
    }
}
