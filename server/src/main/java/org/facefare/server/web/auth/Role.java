package org.facefare.server.web.auth;

/** What a signed-in person may do: ride and manage their own data, run the network, or audit it. */
public enum Role {
  /** A rider: their own wallet, trips, matches and face pay, nothing of anyone else's. */
  RIDER,
  /** An operator: the network, gates, fares, disputes and aggregates; no rider's data. */
  OPERATOR,
  /** An auditor: what an operator sees, read-only. */
  AUDITOR;

  /** Whether this is a staff role (operator or auditor). */
  public boolean staff() {
    return this != RIDER;
  }
}
