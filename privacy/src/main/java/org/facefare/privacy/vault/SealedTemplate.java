package org.facefare.privacy.vault;

import java.util.Objects;
import org.facefare.privacy.Pseudonym;

/**
 * A template as the database keeps it: AES-256-GCM ciphertext under the rider's data key, its
 * associated data binding it to the rider and the model.
 *
 * @param rider the rider
 * @param modelId the model that made the template
 * @param sealed {@code nonce || ciphertext || tag}
 */
public record SealedTemplate(Pseudonym rider, String modelId, byte[] sealed) {

  /** Checks and copies the fields. */
  public SealedTemplate {
    Objects.requireNonNull(rider, "rider");
    Objects.requireNonNull(modelId, "modelId");
    sealed = sealed.clone();
  }

  @Override
  public byte[] sealed() {
    return sealed.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedTemplate s
        && s.rider.equals(rider)
        && s.modelId.equals(modelId)
        && java.util.Arrays.equals(s.sealed, sealed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rider, modelId, java.util.Arrays.hashCode(sealed));
  }

  @Override
  public String toString() {
    return "SealedTemplate[" + rider + ", " + modelId + ", " + sealed.length + " bytes]";
  }
}
