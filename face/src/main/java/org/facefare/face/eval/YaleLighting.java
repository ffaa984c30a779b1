package org.facefare.face.eval;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The light direction of an Extended Yale Face Database B image, parsed from its file name (such as
 * {@code yaleB01_P00A+035E+15.png}: azimuth +35°, elevation +15°).
 *
 * @param azimuth degrees, negative to the subject's right
 * @param elevation degrees, negative below the horizon
 */
public record YaleLighting(int azimuth, int elevation) {

  /** The breakdown tag name. */
  public static final String TAG = "lighting";

  /** The tag value for |azimuth| ≤ 50°. */
  public static final String FRONTAL = "|az|<=50";

  /** The tag value for |azimuth| > 50°. */
  public static final String EXTREME = "|az|>50";

  private static final Pattern NAME =
      Pattern.compile("_P\\d+A([+-]\\d{3})E([+-]\\d{2})\\.[A-Za-z]+$");

  /** The light direction in a Yale B file name, empty when the name has none (ambient images). */
  public static Optional<YaleLighting> parse(String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(
        new YaleLighting(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
  }

  /** The sample with a {@value #TAG} tag when its image id names a light direction. */
  public static Sample tag(Sample sample) {
    return parse(sample.imageId()).map(l -> sample.withTag(TAG, l.group())).orElse(sample);
  }

  /** {@value #FRONTAL} or {@value #EXTREME}. */
  public String group() {
    return Math.abs(azimuth) <= 50 ? FRONTAL : EXTREME;
  }
}
