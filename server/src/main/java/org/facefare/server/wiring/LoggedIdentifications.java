package org.facefare.server.wiring;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import org.facefare.fares.network.Network;
import org.facefare.gate.authority.IdentificationLog;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.log.LogEntry;
import org.facefare.privacy.log.TransparencyLog;

/**
 * The fare authority's identification log backed by the transparency log, with the gate's station
 * from the network model. Idempotency by request id is the transparency log's own: it returns the
 * first entry's index for a request it already holds, across restarts. An identification whose
 * entry was appended with its charge ({@link LoggedCharges}) is not appended again: its place is
 * taken from there.
 */
public final class LoggedIdentifications implements IdentificationLog {

  private final TransparencyLog log;
  private final Network network;
  private final LoggedCharges charges;

  /** A log over {@code log} for gates of {@code network}. */
  public LoggedIdentifications(TransparencyLog log, Network network) {
    this(log, network, null);
  }

  /**
   * A log over {@code log} for gates of {@code network} that first looks for the entry appended
   * with the request's charge in {@code charges}.
   */
  public LoggedIdentifications(TransparencyLog log, Network network, LoggedCharges charges) {
    this.log = Objects.requireNonNull(log, "log");
    this.network = Objects.requireNonNull(network, "network");
    this.charges = charges;
  }

  @Override
  public long append(Identification identification) {
    String request = identification.requestId().toString();
    if (charges != null) {
      OptionalLong withCharge = charges.take(request);
      if (withCharge.isPresent()) {
        return withCharge.getAsLong();
      }
    }
    return log.append(
            entry(
                network,
                identification.rider(),
                identification.gateId(),
                identification.at(),
                identification.outcome(),
                request))
        .index();
  }

  /**
   * The log entry of one identification: the rider, the gate's station and the gate, when, {@code
   * "OPEN"} or the refusal's name, the request.
   */
  static LogEntry.Identification entry(
      Network network, String rider, String gateId, Instant at, String outcome, String requestId) {
    return new LogEntry.Identification(
        new Pseudonym(rider), network.stationOfGate(gateId).id(), gateId, at, outcome, requestId);
  }
}
