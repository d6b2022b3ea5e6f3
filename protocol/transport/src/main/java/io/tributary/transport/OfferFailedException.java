package io.tributary.transport;

/** A message could not be offered within its deadline (learner gone, or back-pressure that did not clear). */
public final class OfferFailedException extends RuntimeException {
    public OfferFailedException(String message) {
        super(message);
    }
}
