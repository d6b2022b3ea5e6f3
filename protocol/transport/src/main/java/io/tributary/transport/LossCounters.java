package io.tributary.transport;

/**
 * A media driver's loss-recovery counters (Aeron's system counters, {@code SystemCounterDescriptor}): NAKs this
 * driver's receivers sent (a gap in what arrived), NAKs its senders received, retransmits its senders sent, gaps its
 * receivers gave up on and filled with padding (data lost for good: Aeron's "Loss gap fills"), bytes retransmitted.
 */
public record LossCounters(long naksSent, long naksReceived, long retransmitsSent, long lossGapFills, long retransmittedBytes) {

    public static final LossCounters ZERO = new LossCounters(0, 0, 0, 0, 0);

    /** What happened between {@code earlier} and this. */
    public LossCounters minus(LossCounters earlier) {
        return new LossCounters(naksSent - earlier.naksSent, naksReceived - earlier.naksReceived,
                retransmitsSent - earlier.retransmitsSent, lossGapFills - earlier.lossGapFills,
                retransmittedBytes - earlier.retransmittedBytes);
    }

    @Override
    public String toString() {
        return "naks sent " + naksSent + ", naks received " + naksReceived + ", retransmits sent " + retransmitsSent
                + ", loss gap fills " + lossGapFills + ", bytes retransmitted " + retransmittedBytes;
    }
}
