package org.facefare.fares.ledger;

import java.util.Objects;
import org.facefare.fares.Entry;
import org.facefare.fares.wallet.RiderId;

/**
 * A gate's request to charge a rider for an entry.
 *
 * @param requestId the gate request's id: a retry carries the same id and is charged at most once
 * @param rider the rider the gate identified
 * @param entry the gate and the instant of the entry
 */
public record ChargeRequest(String requestId, RiderId rider, Entry entry) {

  /** Checks the fields. */
  public ChargeRequest {
    Objects.requireNonNull(rider, "rider");
    Objects.requireNonNull(entry, "entry");
    Keys.check("request id", requestId);
  }
}
