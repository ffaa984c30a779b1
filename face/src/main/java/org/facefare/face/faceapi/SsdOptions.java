package org.facefare.face.faceapi;

/**
 * The SSD detector's selection settings, face-api.js's {@code SsdMobilenetv1Options}.
 *
 * @param minConfidence faces must score strictly above this; in (0, 1)
 * @param maxResults the most faces returned; at least 1
 */
public record SsdOptions(double minConfidence, int maxResults) {

  /** face-api.js's defaults: minConfidence 0.5, maxResults 100. */
  public static final SsdOptions DEFAULT = new SsdOptions(0.5, 100);

  /** Validates the settings. */
  public SsdOptions {
    if (!(minConfidence > 0 && minConfidence < 1)) {
      throw new IllegalArgumentException("minConfidence must be in (0, 1), got " + minConfidence);
    }
    if (maxResults < 1) {
      throw new IllegalArgumentException("maxResults must be at least 1, got " + maxResults);
    }
  }
}
