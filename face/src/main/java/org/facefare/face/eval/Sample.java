package org.facefare.face.eval;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One evaluated image: the identity it shows, its image id, what the pipeline produced for it and
 * free-form tags (such as {@code lighting=frontal}) that results can be broken down by.
 *
 * <p>The image id orders an identity's images (the first in {@link String#compareTo} order is the
 * one enrolled for identification) and must be unique within an evaluation.
 */
public record Sample(
    String identity, String imageId, SampleOutcome outcome, Map<String, String> tags) {

  /** Checks the fields and copies the tags. */
  public Sample {
    requireText(identity, "identity");
    requireText(imageId, "imageId");
    Objects.requireNonNull(outcome, "outcome");
    tags = Map.copyOf(tags);
    tags.forEach(
        (k, v) -> {
          requireText(k, "tag name");
          requireText(v, "tag value of " + k);
        });
  }

  /** A sample with an embedding and no tags. */
  public static Sample usable(String identity, String imageId, float[] embedding) {
    return new Sample(identity, imageId, new SampleOutcome.Usable(embedding), Map.of());
  }

  /** A sample the pipeline could not use, with the reason, and no tags. */
  public static Sample unusable(String identity, String imageId, String reason) {
    return new Sample(identity, imageId, new SampleOutcome.Unusable(reason), Map.of());
  }

  /** This sample with one more tag (replacing a tag of the same name). */
  public Sample withTag(String name, String value) {
    Map<String, String> more = new HashMap<>(tags);
    more.put(name, value);
    return new Sample(identity, imageId, outcome, more);
  }

  /** Whether the pipeline produced an embedding for this image. */
  public boolean isUsable() {
    return outcome instanceof SampleOutcome.Usable;
  }

  private static void requireText(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
