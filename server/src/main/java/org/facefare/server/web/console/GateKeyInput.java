package org.facefare.server.web.console;

import java.security.PublicKey;
import java.time.Duration;
import java.util.Base64;
import org.facefare.fares.network.Network;
import org.facefare.gate.authority.GateKeyRegistry;

/** Reads the gate-key forms' fields: a gate of the network, an Ed25519 key, an overlap. */
final class GateKeyInput {

  /** The longest overlap a rotation may give the old key. */
  static final int MAX_OVERLAP_MINUTES = 24 * 60;

  private GateKeyInput() {}

  /** A gate id of the network. */
  static String gate(Network network, String raw) {
    String id = raw == null ? "" : raw.strip();
    if (id.isEmpty()) {
      throw new ConsoleInputException("console.gates.error.gateMissing");
    }
    if (network.gate(id).isEmpty()) {
      throw new ConsoleInputException("console.gates.error.gateUnknown", id);
    }
    return id;
  }

  /** An Ed25519 public key in Base64 X.509 (SubjectPublicKeyInfo), with or without PEM armour. */
  static PublicKey key(String raw) {
    String text = raw == null ? "" : raw.strip();
    if (text.isEmpty()) {
      throw new ConsoleInputException("console.gates.error.keyMissing");
    }
    String body =
        text.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    if (body.length() > 4_096) {
      throw new ConsoleInputException("console.gates.error.keyInvalid");
    }
    try {
      return GateKeyRegistry.publicKey(Base64.getDecoder().decode(body));
    } catch (IllegalArgumentException e) {
      throw new ConsoleInputException("console.gates.error.keyInvalid");
    }
  }

  /** An overlap of 0 to {@value #MAX_OVERLAP_MINUTES} whole minutes. */
  static Duration overlap(String raw) {
    String text = raw == null ? "" : raw.strip();
    int minutes;
    try {
      minutes = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new ConsoleInputException("console.gates.error.overlap", MAX_OVERLAP_MINUTES);
    }
    if (minutes < 0 || minutes > MAX_OVERLAP_MINUTES) {
      throw new ConsoleInputException("console.gates.error.overlap", MAX_OVERLAP_MINUTES);
    }
    return Duration.ofMinutes(minutes);
  }
}
