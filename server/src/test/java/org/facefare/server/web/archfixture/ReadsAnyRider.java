package org.facefare.server.web.archfixture;

import java.time.Instant;
import org.facefare.fares.ledger.RiderStatement;
import org.facefare.fares.wallet.RiderId;
import org.facefare.server.wiring.FaceFareSystem;

/**
 * What web code must not do, for the architecture test to catch: read a rider's statement by a
 * pseudonym taken from anywhere instead of through the rider's session-scoped service.
 */
final class ReadsAnyRider {

  private ReadsAnyRider() {}

  static RiderStatement statementOf(FaceFareSystem system, String pseudonym) {
    return system.ledger().statement(new RiderId(pseudonym), Instant.EPOCH, Instant.now(), 10);
  }
}
