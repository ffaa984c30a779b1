package org.facefare.gallery;

import java.util.Optional;

/**
 * The open-set rule: a probe matches its best candidate only when the score reaches the threshold
 * and leads the best other rider's score by at least the margin.
 *
 * @param threshold the lowest cosine that may match, from the face evaluation's calibrated FMR
 * @param margin the least lead over the second rider, at least 0
 */
public record DecisionRule(double threshold, double margin) {

  /** Checks the values. */
  public DecisionRule {
    if (!(threshold > -1 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must lie in (-1, 1], got " + threshold);
    }
    if (!(margin >= 0 && margin <= 2)) {
      throw new IllegalArgumentException("margin must lie in [0, 2], got " + margin);
    }
  }

  /**
   * Decides from the best candidate and the best candidate of another rider.
   *
   * @throws IllegalArgumentException if a second is given without a best, both name the same rider,
   *     or the second scores above the best
   */
  public Decision decide(Optional<Candidate> best, Optional<Candidate> second) {
    if (best.isEmpty()) {
      if (second.isPresent()) {
        throw new IllegalArgumentException("a second candidate without a best one");
      }
      return new Decision.NoMatch(best, second);
    }
    Candidate b = best.get();
    if (second.isPresent()) {
      Candidate s = second.get();
      if (s.rider().equals(b.rider())) {
        throw new IllegalArgumentException("the second candidate must be another rider");
      }
      if (s.score() > b.score()) {
        throw new IllegalArgumentException("the second candidate scores above the best");
      }
    }
    if (b.score() < threshold) {
      return new Decision.NoMatch(best, second);
    }
    if (second.isPresent() && b.score() - second.get().score() < margin) {
      return new Decision.Ambiguous(b, second.get());
    }
    return new Decision.Match(b.rider(), b.score(), second);
  }
}
