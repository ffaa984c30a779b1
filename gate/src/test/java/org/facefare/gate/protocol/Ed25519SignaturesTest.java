package org.facefare.gate.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ed25519SignaturesTest {

  private final KeyPair pair = GateSigner.newKeyPair();

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 63, 64, 700, 65_537})
  void signsTheSameBytesAsTheJdkAndEachVerifiesTheOther(int length) throws Exception {
    byte[] message = new byte[length];
    new Random(length).nextBytes(message);

    byte[] ours = Ed25519Signatures.signer(pair.getPrivate()).sign(message);
    Signature jdk = Signature.getInstance("Ed25519");
    jdk.initSign(pair.getPrivate());
    jdk.update(message);
    byte[] theirs = jdk.sign();

    assertThat(ours).hasSize(Ed25519Signatures.SIGNATURE_LENGTH).isEqualTo(theirs);
    jdk.initVerify(pair.getPublic());
    jdk.update(message);
    assertThat(jdk.verify(ours)).isTrue();
    assertThat(Ed25519Signatures.verifier(pair.getPublic()).verifies(message, theirs)).isTrue();
  }

  @Test
  void refusesAChangedMessageAChangedSignatureAnotherKeyAndMalformedSignatures() {
    byte[] message = "a gate request body".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] signature = Ed25519Signatures.signer(pair.getPrivate()).sign(message);
    Ed25519Signatures.Verifier verifier = Ed25519Signatures.verifier(pair.getPublic());

    byte[] changed = message.clone();
    changed[3] ^= 1;
    assertThat(verifier.verifies(changed, signature)).isFalse();
    for (int bit : new int[] {0, 255, 256, 511}) {
      byte[] flipped = signature.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(verifier.verifies(message, flipped)).as("bit %d flipped", bit).isFalse();
    }
    assertThat(
            Ed25519Signatures.verifier(GateSigner.newKeyPair().getPublic())
                .verifies(message, signature))
        .isFalse();
    assertThat(verifier.verifies(message, Arrays.copyOf(signature, 63))).isFalse();
    assertThat(verifier.verifies(message, Arrays.copyOf(signature, 65))).isFalse();
    assertThat(verifier.verifies(message, new byte[0])).isFalse();
    assertThat(verifier.verifies(message, null)).isFalse();
    assertThat(verifier.verifies(message, new byte[64])).isFalse();
  }

  @Test
  void refusesKeysOfOtherAlgorithms() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    KeyPair p256 = ec.generateKeyPair();
    assertThatThrownBy(() -> Ed25519Signatures.signer(p256.getPrivate()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be Ed25519");
    assertThatThrownBy(() -> Ed25519Signatures.verifier(p256.getPublic()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be Ed25519");
    KeyPair x25519 = KeyPairGenerator.getInstance("X25519").generateKeyPair();
    assertThatThrownBy(() -> Ed25519Signatures.verifier(x25519.getPublic()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
