package org.facefare.gate.authority;

/**
 * Thrown when a gate's stored keys were changed by another process since this register read them;
 * nothing was written.
 */
public final class ConcurrentGateKeyChangeException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** An exception about {@code gateId}. */
  public ConcurrentGateKeyChangeException(String gateId) {
    super(
        "gate "
            + gateId
            + "'s keys were changed by another process since this register loaded them;"
            + " restart it (or the authority) to see the change");
  }
}
