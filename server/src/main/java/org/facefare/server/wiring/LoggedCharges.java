package org.facefare.server.wiring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.facefare.fares.ledger.ChargeResult;
import org.facefare.fares.ledger.postgres.SameTransaction;
import org.facefare.fares.network.Network;
import org.facefare.gate.protocol.DenyReason;
import org.facefare.privacy.log.LogEntry;
import org.facefare.privacy.log.TransparencyLog;
import org.facefare.privacy.postgres.PrivacyDatabase;
import org.facefare.storage.TransactionTail;
import org.jdbi.v3.core.Handle;

/**
 * The transparency-log entries of the fare authority's charges, appended in the ledger's charge
 * transaction: what a charge batch carries ({@link SameTransaction}) for the requests the
 * authority's charger announced, so an identified rider's charge and its log entry commit together,
 * in one commit (the entries' append sent with it, {@link TransactionTail}), and the authority then
 * finds the entry's place here instead of appending again.
 *
 * <p>Only announced requests are logged ({@link #expect}): a charge made through the ledger by
 * anything but a gate request is no identification. A replayed charge was logged with its first
 * attempt (or, for a charge made before entries were logged this way, is appended by the
 * authority's usual path, which finds the first entry by request id), so what is logged here is a
 * request the ledger has just recorded for the first time, appended without the log's look-up of
 * its request id ({@link TransparencyLog#appendNewWithin}).
 */
public final class LoggedCharges implements SameTransaction {

  private final TransparencyLog log;
  private final PrivacyDatabase privacy;
  private final Network network;
  private final Set<String> expected = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> logged = new ConcurrentHashMap<>();

  /** The entries of {@code network}'s gates, appended to {@code log} kept in {@code privacy}. */
  public LoggedCharges(TransparencyLog log, PrivacyDatabase privacy, Network network) {
    this.log = Objects.requireNonNull(log, "log");
    this.privacy = Objects.requireNonNull(privacy, "privacy");
    this.network = Objects.requireNonNull(network, "network");
  }

  /** Announces a gate request's charge: log its outcome with it. */
  void expect(String requestId) {
    expected.add(requestId);
  }

  /** The charge of an announced request has been answered: stop expecting it. */
  void answered(String requestId) {
    expected.remove(requestId);
  }

  /** The place of the entry logged with a request's charge, once (then forgotten). */
  OptionalLong take(String requestId) {
    Long index = logged.remove(requestId);
    return index == null ? OptionalLong.empty() : OptionalLong.of(index);
  }

  @Override
  public Completion write(Handle handle, TransactionTail tail, List<Charged> charges) {
    List<LogEntry> entries = new ArrayList<>();
    List<String> requests = new ArrayList<>();
    for (Charged c : charges) {
      String id = c.request().requestId();
      if (!expected.contains(id) || c.result().replayed()) {
        continue;
      }
      String outcome =
          c.result() instanceof ChargeResult.Charged
              ? "OPEN"
              : DenyReason.INSUFFICIENT_FUNDS.name();
      entries.add(
          LoggedIdentifications.entry(
              network,
              c.request().rider().value(),
              c.request().entry().gateId(),
              c.request().entry().at(),
              outcome,
              id));
      requests.add(id);
    }
    if (entries.isEmpty()) {
      return Completion.NONE;
    }
    TransparencyLog.PendingAppend append =
        log.appendNewWithin(privacy.logWithin(handle, tail), entries);
    return new Completion() {
      @Override
      public void committed() {
        append.committed();
        for (int i = 0; i < requests.size(); i++) {
          logged.put(requests.get(i), append.places().get(i).index());
        }
      }

      @Override
      public void failed() {
        append.failed();
      }
    };
  }
}
