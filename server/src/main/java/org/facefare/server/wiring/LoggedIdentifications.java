package org.facefare.server.wiring;

import java.util.Objects;
import org.facefare.fares.network.Network;
import org.facefare.gate.authority.IdentificationLog;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.log.LogEntry;
import org.facefare.privacy.log.TransparencyLog;

/**
 * The fare authority's identification log backed by the transparency log, with the gate's station
 * from the network model. Idempotency by request id is the transparency log's own: it returns the
 * first entry's index for a request it already holds, across restarts.
 */
public final class LoggedIdentifications implements IdentificationLog {

  private final TransparencyLog log;
  private final Network network;

  /** A log over {@code log} for gates of {@code network}. */
  public LoggedIdentifications(TransparencyLog log, Network network) {
    this.log = Objects.requireNonNull(log, "log");
    this.network = Objects.requireNonNull(network, "network");
  }

  @Override
  public long append(Identification identification) {
    return log.append(
            new LogEntry.Identification(
                new Pseudonym(identification.rider()),
                network.stationOfGate(identification.gateId()).id(),
                identification.gateId(),
                identification.at(),
                identification.outcome(),
                identification.requestId().toString()))
        .index();
  }
}
