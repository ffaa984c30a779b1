package org.facefare.face.quality;

/**
 * The limits of {@link QualityAssessor}: a floor or ceiling for every measure, and the luma levels
 * that count as clipped.
 *
 * @param minInterOcularPixels smallest eye-centre distance in the source image
 * @param minBoxSidePixels smallest detection-box side in the source image
 * @param maxYawDegrees largest |yaw|
 * @param maxPitchDegrees largest |pitch|
 * @param maxRollDegrees largest |roll|
 * @param minMeanLuma darkest acceptable mean luma of the crop
 * @param maxMeanLuma brightest acceptable mean luma of the crop
 * @param darkLevel luma at or below which a pixel counts as crushed to black
 * @param brightLevel luma at or above which a pixel counts as blown out
 * @param maxDarkFraction largest fraction of crushed pixels
 * @param maxBrightFraction largest fraction of blown-out pixels
 * @param minSharpness smallest variance of the Laplacian of the crop's luma
 */
public record QualitySettings(
    double minInterOcularPixels,
    double minBoxSidePixels,
    double maxYawDegrees,
    double maxPitchDegrees,
    double maxRollDegrees,
    double minMeanLuma,
    double maxMeanLuma,
    int darkLevel,
    int brightLevel,
    double maxDarkFraction,
    double maxBrightFraction,
    double minSharpness) {

  /** Checks that every limit is finite and in range and the pairs are ordered. */
  public QualitySettings {
    requireRange("minInterOcularPixels", minInterOcularPixels, 0, Double.MAX_VALUE);
    requireRange("minBoxSidePixels", minBoxSidePixels, 0, Double.MAX_VALUE);
    requireRange("maxYawDegrees", maxYawDegrees, 0, 90);
    requireRange("maxPitchDegrees", maxPitchDegrees, 0, 90);
    requireRange("maxRollDegrees", maxRollDegrees, 0, 180);
    requireRange("minMeanLuma", minMeanLuma, 0, 255);
    requireRange("maxMeanLuma", maxMeanLuma, minMeanLuma, 255);
    requireRange("darkLevel", darkLevel, 0, 254);
    requireRange("brightLevel", brightLevel, darkLevel + 1, 255);
    requireRange("maxDarkFraction", maxDarkFraction, 0, 1);
    requireRange("maxBrightFraction", maxBrightFraction, 0, 1);
    requireRange("minSharpness", minSharpness, 0, Double.MAX_VALUE);
  }

  private static void requireRange(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          name + " must be in [" + min + ", " + max + "], got " + value);
    }
  }

  /** The defaults; see {@link Builder} for each value and why. */
  public static QualitySettings defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder of {@link QualitySettings}, starting from defaults meant for a gate camera or an
   * enrolment selfie and the 112 × 112 ArcFace crop.
   */
  public static final class Builder {
    // The ArcFace crop has 35 px between the eyes; below ~30 px it is upsampled and loses detail.
    private double minInterOcularPixels = 30;
    // A detection box is about twice the inter-ocular distance wide.
    private double minBoxSidePixels = 60;
    // Beyond these, embeddings of the same person drift apart quickly; roll is aligned away,
    // so its limit is looser.
    // Pitch from 2-D landmarks is the least certain angle: nose height between eyes and mouth
    // varies by about +-0.1 between people, about +-18 degrees of estimated pitch on a frontal
    // face, so its limit is looser than the yaw limit.
    private double maxYawDegrees = 30;
    private double maxPitchDegrees = 40;
    private double maxRollDegrees = 30;
    private double minMeanLuma = 50;
    private double maxMeanLuma = 215;
    private int darkLevel = 16;
    private int brightLevel = 245;
    private double maxDarkFraction = 0.4;
    private double maxBrightFraction = 0.25;
    private double minSharpness = 40;

    private Builder() {}

    /** Sets {@link QualitySettings#minInterOcularPixels()}. */
    public Builder minInterOcularPixels(double v) {
      minInterOcularPixels = v;
      return this;
    }

    /** Sets {@link QualitySettings#minBoxSidePixels()}. */
    public Builder minBoxSidePixels(double v) {
      minBoxSidePixels = v;
      return this;
    }

    /** Sets {@link QualitySettings#maxYawDegrees()}. */
    public Builder maxYawDegrees(double v) {
      maxYawDegrees = v;
      return this;
    }

    /** Sets {@link QualitySettings#maxPitchDegrees()}. */
    public Builder maxPitchDegrees(double v) {
      maxPitchDegrees = v;
      return this;
    }

    /** Sets {@link QualitySettings#maxRollDegrees()}. */
    public Builder maxRollDegrees(double v) {
      maxRollDegrees = v;
      return this;
    }

    /** Sets {@link QualitySettings#minMeanLuma()}. */
    public Builder minMeanLuma(double v) {
      minMeanLuma = v;
      return this;
    }

    /** Sets {@link QualitySettings#maxMeanLuma()}. */
    public Builder maxMeanLuma(double v) {
      maxMeanLuma = v;
      return this;
    }

    /** Sets {@link QualitySettings#darkLevel()}. */
    public Builder darkLevel(int v) {
      darkLevel = v;
      return this;
    }

    /** Sets {@link QualitySettings#brightLevel()}. */
    public Builder brightLevel(int v) {
      brightLevel = v;
      return this;
    }

    /** Sets {@link QualitySettings#maxDarkFraction()}. */
    public Builder maxDarkFraction(double v) {
      maxDarkFraction = v;
      return this;
    }

    /** Sets {@link QualitySettings#maxBrightFraction()}. */
    public Builder maxBrightFraction(double v) {
      maxBrightFraction = v;
      return this;
    }

    /** Sets {@link QualitySettings#minSharpness()}. */
    public Builder minSharpness(double v) {
      minSharpness = v;
      return this;
    }

    /** The settings, validated. */
    public QualitySettings build() {
      return new QualitySettings(
          minInterOcularPixels,
          minBoxSidePixels,
          maxYawDegrees,
          maxPitchDegrees,
          maxRollDegrees,
          minMeanLuma,
          maxMeanLuma,
          darkLevel,
          brightLevel,
          maxDarkFraction,
          maxBrightFraction,
          minSharpness);
    }
  }
}
