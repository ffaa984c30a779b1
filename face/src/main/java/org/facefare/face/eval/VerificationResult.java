package org.facefare.face.eval;

import java.util.List;

/**
 * Verification (1:1) accuracy over every pair of images: the error trade-off, the equal error rate,
 * the true accept rate at target false accept rates and the thresholds for target false match
 * rates.
 */
public record VerificationResult(
    PairScores scores,
    Eer eer,
    List<TarAtFar> tarAtFar,
    List<FmrThreshold> thresholdAtFmr,
    List<DetPoint> det) {

  /** Copies the lists. */
  public VerificationResult {
    tarAtFar = List.copyOf(tarAtFar);
    thresholdAtFmr = List.copyOf(thresholdAtFmr);
    det = List.copyOf(det);
  }
}
