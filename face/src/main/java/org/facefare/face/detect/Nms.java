package org.facefare.face.detect;

import java.util.Arrays;

/**
 * Greedy IoU non-maximum suppression: the settings (IoU threshold, minimum score, result cap) that
 * select, from scored axis-aligned boxes, the highest-scoring ones that do not overlap a better
 * box.
 *
 * <pre>
 * Algorithm and its rationale.
 *
 * Candidates are the boxes whose score is strictly greater than minScore. They are visited by
 * descending score, ties broken by ascending box index, so the result does not depend on the sort
 * algorithm. A candidate is kept when its IoU with every box kept so far is at most iouThreshold;
 * the visit stops once maxResults boxes are kept. This is the classic greedy NMS of the detection
 * literature (Felzenszwalb et al., "Object Detection with Discriminatively Trained Part Based
 * Models", TPAMI 2010; the R-CNN/SSD family uses it unchanged), and it selects exactly what
 * face-api.js's ssdMobilenetv1/nonMaxSuppression.ts selects: that code's score decay by a 0/1
 * factor is a greedy IoU test written another way, its candidate filter is "score > threshold" and
 * its sort is stable, hence the same tie order.
 *
 * Boxes are four numbers per box, laid out as two opposite corners (a0, b0, a1, b1): face-api's
 * [ymin, xmin, ymax, xmax] and the common [x0, y0, x1, y1] both fit, since IoU does not care which
 * axis comes first. Corners are ordered per axis before use (a box given as max-then-min is the
 * same box) and a box of zero or negative area overlaps nothing, as in face-api and in
 * TensorFlow's NonMaxSuppressionV3. IoU is computed in double precision.
 *
 * O(n log n) for the sort plus O(n k) IoU tests for k kept boxes; detectors keep k small.
 * </pre>
 *
 * @param iouThreshold a candidate whose IoU with a kept box exceeds this is suppressed; in [0, 1]
 * @param minScore only boxes scoring strictly above this are candidates
 * @param maxResults the most boxes kept; at least 1
 */
public record Nms(double iouThreshold, double minScore, int maxResults) {

  /** Validates the settings. */
  public Nms {
    if (!(iouThreshold >= 0 && iouThreshold <= 1)) {
      throw new IllegalArgumentException("iouThreshold must be in [0, 1], got " + iouThreshold);
    }
    if (Double.isNaN(minScore)) {
      throw new IllegalArgumentException("minScore must be a number");
    }
    if (maxResults < 1) {
      throw new IllegalArgumentException("maxResults must be at least 1, got " + maxResults);
    }
  }

  /**
   * Selects boxes.
   *
   * @param boxes {@code 4 * n} corner coordinates, box {@code i} at {@code [4i, 4i + 4)}
   * @param scores {@code n} scores; NaN scores are never candidates
   * @return the indices of the kept boxes, best first
   */
  public int[] select(float[] boxes, float[] scores) {
    if (boxes.length != 4 * scores.length) {
      throw new IllegalArgumentException(
          "boxes must hold 4 values per score: " + boxes.length + " values, " + scores.length);
    }
    int candidates = 0;
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] > minScore) {
        order[candidates++] = i;
      }
    }
    Integer[] sorted = Arrays.copyOf(order, candidates);
    Arrays.sort(
        sorted, (a, b) -> scores[a] != scores[b] ? Float.compare(scores[b], scores[a]) : a - b);
    int[] kept = new int[Math.min(maxResults, candidates)];
    int count = 0;
    for (int i = 0; i < sorted.length && count < kept.length; i++) {
      int candidate = sorted[i];
      boolean suppressed = false;
      for (int k = 0; k < count && !suppressed; k++) {
        suppressed = iou(boxes, candidate, kept[k]) > iouThreshold;
      }
      if (!suppressed) {
        kept[count++] = candidate;
      }
    }
    return Arrays.copyOf(kept, count);
  }

  /**
   * The intersection over union of boxes {@code i} and {@code j}; 0 when either has no area.
   *
   * @param boxes corner coordinates laid out as for {@link #select}
   */
  public static double iou(float[] boxes, int i, int j) {
    int a = 4 * i;
    int b = 4 * j;
    double a0 = Math.min(boxes[a], boxes[a + 2]);
    double a1 = Math.max(boxes[a], boxes[a + 2]);
    double b0 = Math.min(boxes[a + 1], boxes[a + 3]);
    double b1 = Math.max(boxes[a + 1], boxes[a + 3]);
    double c0 = Math.min(boxes[b], boxes[b + 2]);
    double c1 = Math.max(boxes[b], boxes[b + 2]);
    double d0 = Math.min(boxes[b + 1], boxes[b + 3]);
    double d1 = Math.max(boxes[b + 1], boxes[b + 3]);
    double areaI = (a1 - a0) * (b1 - b0);
    double areaJ = (c1 - c0) * (d1 - d0);
    if (areaI <= 0 || areaJ <= 0) {
      return 0;
    }
    double inter =
        Math.max(Math.min(a1, c1) - Math.max(a0, c0), 0)
            * Math.max(Math.min(b1, d1) - Math.max(b0, d0), 0);
    return inter / (areaI + areaJ - inter);
  }
}
