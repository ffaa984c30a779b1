package org.facefare.server.wiring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.facefare.fares.network.Network;
import org.facefare.gate.authority.IdentificationLog;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.log.LogEntry;
import org.facefare.privacy.log.TransparencyLog;

/**
 * The fare authority's identification log backed by the transparency log, with the gate's station
 * from the network model.
 *
 * <p>Appends are idempotent by request id for the requests of the last {@link #REMEMBERED}
 * identifications, which covers a gate's retries; after an authority restart, a retried request can
 * appear twice in the log (the log is append-only, so the duplicate is visible to the rider; the
 * charge itself is never duplicated: the ledger is idempotent by request id).
 */
public final class LoggedIdentifications implements IdentificationLog {

  /** How many recent request ids are remembered for idempotent appends. */
  public static final int REMEMBERED = 100_000;

  private final TransparencyLog log;
  private final Network network;
  private final Map<UUID, Long> recent =
      Collections.synchronizedMap(
          new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Long> eldest) {
              return size() > REMEMBERED;
            }
          });

  /** A log over {@code log} for gates of {@code network}. */
  public LoggedIdentifications(TransparencyLog log, Network network) {
    this.log = Objects.requireNonNull(log, "log");
    this.network = Objects.requireNonNull(network, "network");
  }

  @Override
  public long append(Identification identification) {
    synchronized (recent) {
      Long known = recent.get(identification.requestId());
      if (known != null) {
        return known;
      }
    }
    long index =
        log.append(
                new LogEntry.Identification(
                    new Pseudonym(identification.rider()),
                    network.stationOfGate(identification.gateId()).id(),
                    identification.gateId(),
                    identification.at(),
                    identification.outcome(),
                    identification.requestId().toString()))
            .index();
    recent.put(identification.requestId(), index);
    return index;
  }
}
