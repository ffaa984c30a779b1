package org.facefare.face.pad;

/**
 * The presentation-attack check of one face: each model's score and their combination, all in [0,
 * 1] with higher meaning more likely a live, present face.
 *
 * @param antispoof the anti-spoofing model's score
 * @param liveness the liveness model's score
 * @param combined the combined score the threshold applies to
 * @param threshold the configured threshold
 */
public record Liveness(double antispoof, double liveness, double combined, double threshold) {

  /** Whether the face passed the check. */
  public boolean passed() {
    return combined >= threshold;
  }
}
