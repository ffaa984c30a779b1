package org.facefare.face.eval;

/** Counting on ascending score arrays by binary search. */
final class SortedScores {

  private SortedScores() {}

  /** How many scores are at least {@code threshold}. */
  static long countAtLeast(double[] ascending, double threshold) {
    int lo = 0;
    int hi = ascending.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ascending[mid] < threshold) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return ascending.length - lo;
  }

  /** How many scores an operating point accepts. */
  static long countAccepted(double[] ascending, OperatingPoint point) {
    return point.threshold().isEmpty()
        ? ascending.length
        : countAtLeast(ascending, point.threshold().getAsDouble());
  }
}
