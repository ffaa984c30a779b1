package org.facefare.server.web.console;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.facefare.fares.network.Gate;
import org.facefare.fares.network.Network;
import org.facefare.gate.authority.GateKeyRegistry;

/**
 * The gate-key register as the console lists it: each of the network's registered gates with the
 * fingerprint of its current key and whether an older key is still accepted (a rotation's overlap).
 *
 * @param gateId the gate
 * @param stationId its station
 * @param fingerprint the first 16 bytes of SHA-256 over the current key's X.509 encoding, in hex
 * @param overlapping whether the previous key is still accepted
 */
public record GateKeyRows(
    String gateId, String stationId, String fingerprint, boolean overlapping) {

  /** The network's registered gates, in the network's order. */
  public static List<GateKeyRows> of(Network network, GateKeyRegistry registry) {
    List<GateKeyRows> rows = new ArrayList<>();
    for (Gate g : network.gates()) {
      List<PublicKey> keys = registry.keysOf(g.id());
      if (!keys.isEmpty()) {
        rows.add(
            new GateKeyRows(
                g.id(),
                network.stationOfGate(g.id()).id(),
                fingerprint(keys.getFirst()),
                keys.size() > 1));
      }
    }
    return rows;
  }

  /** A key's fingerprint: 16 bytes of SHA-256 over its X.509 encoding, in hex. */
  public static String fingerprint(PublicKey key) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
