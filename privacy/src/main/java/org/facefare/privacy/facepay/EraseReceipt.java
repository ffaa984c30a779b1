package org.facefare.privacy.facepay;

import java.time.Instant;
import java.util.Objects;
import org.facefare.privacy.Canonical;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.signing.SigningKey;
import org.facefare.privacy.signing.VerifyingKey;

/**
 * A signed statement that a rider's face was erased: the data key destroyed, the ciphertexts
 * deleted and every gallery cleared, at a given time.
 *
 * @param receiptId a random id
 * @param rider the erased pseudonym
 * @param erasedAt when the data key was destroyed
 * @param galleriesCleared how many galleries confirmed the rider's removal
 * @param signature the Ed25519 signature of {@link #signedBytes}
 */
public record EraseReceipt(
    String receiptId, Pseudonym rider, Instant erasedAt, int galleriesCleared, byte[] signature) {

  private static final String TAG = "facefare-erase-receipt-v1";

  /** What the receipt states, in words, for the rider. */
  public static final String STATEMENT =
      "The face template of this pseudonym was erased: its data key was destroyed, its encrypted"
          + " templates were deleted and it was removed from every gallery.";

  /** Checks and copies the fields. */
  public EraseReceipt {
    Objects.requireNonNull(receiptId, "receiptId");
    Objects.requireNonNull(rider, "rider");
    erasedAt = Instant.ofEpochMilli(erasedAt.toEpochMilli());
    signature = signature.clone();
  }

  static EraseReceipt sign(
      String receiptId, Pseudonym rider, Instant erasedAt, int galleries, SigningKey key) {
    Instant t = Instant.ofEpochMilli(erasedAt.toEpochMilli());
    return new EraseReceipt(
        receiptId, rider, t, galleries, key.sign(signedBytes(receiptId, rider, t, galleries)));
  }

  /** Whether {@code key} signed this receipt. */
  public boolean verifies(VerifyingKey key) {
    return key.verifies(signedBytes(receiptId, rider, erasedAt, galleriesCleared), signature);
  }

  /** The bytes the signature covers. */
  public static byte[] signedBytes(
      String receiptId, Pseudonym rider, Instant erasedAt, int galleriesCleared) {
    return Canonical.tagged(TAG)
        .text(receiptId)
        .text(rider.value())
        .instant(erasedAt)
        .number(galleriesCleared)
        .text(STATEMENT)
        .toBytes();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EraseReceipt r
        && r.receiptId.equals(receiptId)
        && r.rider.equals(rider)
        && r.erasedAt.equals(erasedAt)
        && r.galleriesCleared == galleriesCleared
        && java.security.MessageDigest.isEqual(r.signature, signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(receiptId, rider, erasedAt, galleriesCleared);
  }
}
