package org.facefare.server.web.rider;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One identification of the rider at a gate, as the rider's history shows it: what the log's entry
 * says, and everything a browser needs to check its RFC 6962 inclusion proof against the signed
 * tree head on its own.
 *
 * @param index the entry's leaf index in the transparency log
 * @param gate the gate (empty once retention deleted the record the leaf commits to)
 * @param station the station
 * @param time when the gate asked
 * @param decision the fare decision logged, e.g. {@code OPEN}
 * @param requestId the gate request's id, the trip's key in the statement
 * @param leafHex the leaf data, hex (the leaf hash is SHA-256 of 0x00 and these bytes)
 * @param pathHex the audit path to the tree head's root, hex, leaf upwards
 * @param head the signed tree head the proof is against
 * @param serverCheck what the server's verifier found: empty when everything held, else why not
 */
public record MatchProof(
    long index,
    Optional<String> gate,
    Optional<String> station,
    Optional<Instant> time,
    Optional<String> decision,
    Optional<String> requestId,
    String leafHex,
    List<String> pathHex,
    Head head,
    List<String> serverCheck) {

  /** Checks the fields. */
  public MatchProof {
    Objects.requireNonNull(leafHex, "leafHex");
    Objects.requireNonNull(head, "head");
    pathHex = List.copyOf(pathHex);
    serverCheck = List.copyOf(serverCheck);
  }

  /** Whether the server's verifier found the entry included, opened and signed for. */
  public boolean verifiedByServer() {
    return serverCheck.isEmpty();
  }

  /**
   * A signed tree head as the page shows it.
   *
   * @param size the tree's size
   * @param rootHex the root hash, hex
   * @param timestamp when it was signed
   * @param signatureHex the log's Ed25519 signature, hex
   */
  public record Head(long size, String rootHex, Instant timestamp, String signatureHex) {

    /** The head of {@code head}. */
    static Head of(org.facefare.privacy.log.TreeHead head) {
      HexFormat hex = HexFormat.of();
      return new Head(
          head.size(),
          hex.formatHex(head.root()),
          head.timestamp(),
          hex.formatHex(head.signature()));
    }
  }
}
