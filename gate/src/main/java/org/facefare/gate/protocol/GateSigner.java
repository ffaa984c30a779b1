package org.facefare.gate.protocol;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.random.RandomGenerator;

/** A gate's signing side of the protocol: its Ed25519 private key and a source of nonces. */
public final class GateSigner {

  private final String gateId;
  private final Ed25519Signatures.Signer key;
  private final RandomGenerator random;

  /**
   * A signer for gate {@code gateId}.
   *
   * @param random the nonce source; a {@link SecureRandom} in production, seeded in tests
   */
  public GateSigner(String gateId, PrivateKey key, RandomGenerator random) {
    this.gateId = Objects.requireNonNull(gateId, "gateId");
    this.random = Objects.requireNonNull(random, "random");
    Objects.requireNonNull(key, "key");
    if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
      throw new IllegalArgumentException("a gate key must be Ed25519, not " + key.getAlgorithm());
    }
    this.key = Ed25519Signatures.signer(key);
  }

  /** A fresh Ed25519 key pair for a gate. */
  public static KeyPair newKeyPair() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /** The gate's id. */
  public String gateId() {
    return gateId;
  }

  /** A fresh nonce: 16 random bytes, base64url without padding. */
  public String nonce() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Serialises and signs {@code request}.
   *
   * @throws IllegalArgumentException if the request names another gate
   */
  public SignedGateRequest sign(GateRequest request) {
    if (!request.gateId().equals(gateId)) {
      throw new IllegalArgumentException(
          "gate " + gateId + " cannot sign a request of gate " + request.gateId());
    }
    byte[] body = GateRequestCodec.write(request);
    return new SignedGateRequest(gateId, body, key.sign(body));
  }
}
