package io.tributary.learner.pipeline;

import io.tributary.learner.transport.FragmentIngest;
import org.agrona.concurrent.Agent;

/**
 * The ingest part: polls the fragments stream and accounts the time spent decoding ("transfer" in the log line); with
 * the cluster on, it also takes the control messages that arrived over the cluster.
 */
final class IngestAgent implements Agent {

    private final FragmentIngest ingest;
    private final LearnerState st;
    private final BatchSink sink;

    IngestAgent(FragmentIngest ingest, LearnerState st, BatchSink sink) {
        this.ingest = ingest;
        this.st = st;
        this.sink = sink;
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
        ClusterControl cluster = st.clusterControl;
        if (cluster != null) {
            // the cluster's control messages are handled on this thread, as Aeron's are: one writer of the roster's bindings
            io.tributary.protocol.control.ControlMessage m;
            while ((m = cluster.poll()) != null) {
                sink.onClusterControl(m);
                work++;
            }
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
