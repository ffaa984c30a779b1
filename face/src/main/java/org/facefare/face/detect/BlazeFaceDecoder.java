package org.facefare.face.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.facefare.face.align.Point2;

/**
 * Turns BlazeFace's raw outputs (per-anchor logits and regressors) into face detections in the
 * model's input pixel space.
 *
 * <p>BlazeFace (Bazarevsky et al., 2019, arXiv:1907.05047) is an SSD-style detector with a fixed
 * anchor grid: for an input of side {@code s}, 2 anchors per cell on an {@code s/16} grid and 6 per
 * cell on an {@code s/32} grid (896 anchors at 256 px). Each anchor predicts a logit and 16
 * regressors: the box centre offset and size, then six keypoints as offsets from the anchor centre,
 * all in input pixels. Overlapping detections are merged by greedy non-maximum suppression in score
 * order, ties broken by anchor index so results are deterministic.
 */
public final class BlazeFaceDecoder {

  private static final int REGRESSORS = 16;
  private static final int KEYPOINTS = 6;

  private final int inputSize;
  private final float[] anchorX;
  private final float[] anchorY;

  /**
   * Creates a decoder for a square input.
   *
   * @param inputSize the model's input side in pixels (a multiple of 32)
   */
  public BlazeFaceDecoder(int inputSize) {
    if (inputSize < 32 || inputSize % 32 != 0) {
      throw new IllegalArgumentException("BlazeFace input side must be a multiple of 32");
    }
    this.inputSize = inputSize;
    int fine = inputSize / 16;
    int coarse = inputSize / 32;
    int n = fine * fine * 2 + coarse * coarse * 6;
    anchorX = new float[n];
    anchorY = new float[n];
    int i = fillAnchors(0, fine, 16, 2);
    fillAnchors(i, coarse, 32, 6);
  }

  private int fillAnchors(int start, int grid, int stride, int perCell) {
    int i = start;
    for (int gy = 0; gy < grid; gy++) {
      for (int gx = 0; gx < grid; gx++) {
        for (int k = 0; k < perCell; k++) {
          anchorX[i] = stride * (gx + 0.5f);
          anchorY[i] = stride * (gy + 0.5f);
          i++;
        }
      }
    }
    return i;
  }

  /** The number of anchors, i.e. rows the model outputs. */
  public int anchors() {
    return anchorX.length;
  }

  /**
   * Decodes one image's outputs.
   *
   * @param logits one logit per anchor
   * @param regressors 16 values per anchor, row-major
   * @param minScore the least sigmoid score kept
   * @param iouThreshold boxes overlapping a kept one by more than this are suppressed
   * @return detections in input pixel space, best first
   */
  public List<Detection> decode(
      float[] logits, float[] regressors, double minScore, double iouThreshold) {
    if (logits.length != anchors() || regressors.length != anchors() * REGRESSORS) {
      throw new IllegalArgumentException(
          "BlazeFace output has "
              + logits.length
              + " logits and "
              + regressors.length
              + " regressors; expected "
              + anchors()
              + " and "
              + anchors() * REGRESSORS);
    }
    List<Candidate> candidates = new ArrayList<>();
    for (int a = 0; a < logits.length; a++) {
      double score = 1 / (1 + Math.exp(-logits[a]));
      if (score >= minScore) {
        candidates.add(new Candidate(a, score, box(regressors, a)));
      }
    }
    candidates.sort(
        Comparator.comparingDouble(Candidate::score)
            .reversed()
            .thenComparingInt(Candidate::anchor));
    List<Detection> kept = new ArrayList<>();
    List<Box> keptBoxes = new ArrayList<>();
    for (Candidate c : candidates) {
      boolean overlaps = false;
      for (Box k : keptBoxes) {
        if (k.iou(c.box) > iouThreshold) {
          overlaps = true;
          break;
        }
      }
      if (!overlaps) {
        keptBoxes.add(c.box);
        kept.add(new Detection(c.box, c.score, keypoints(regressors, c.anchor)));
      }
    }
    return kept;
  }

  private Box box(float[] r, int a) {
    int o = a * REGRESSORS;
    double cx = anchorX[a] + r[o];
    double cy = anchorY[a] + r[o + 1];
    double w = Math.abs(r[o + 2]);
    double h = Math.abs(r[o + 3]);
    return new Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
  }

  private List<Point2> keypoints(float[] r, int a) {
    int o = a * REGRESSORS + 4;
    List<Point2> pts = new ArrayList<>(KEYPOINTS);
    for (int k = 0; k < KEYPOINTS; k++) {
      pts.add(new Point2(anchorX[a] + r[o + 2 * k], anchorY[a] + r[o + 2 * k + 1]));
    }
    return pts;
  }

  /** The input side this decoder expects. */
  public int inputSize() {
    return inputSize;
  }

  private record Candidate(int anchor, double score, Box box) {}
}
