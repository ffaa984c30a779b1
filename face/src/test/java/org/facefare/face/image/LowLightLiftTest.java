package org.facefare.face.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LowLightLiftTest {

  private final LowLightLift lift = new LowLightLift(0.5, 40, 0.2);

  /** A grey image whose luma rises from {@code lo} at the left to {@code hi} at the right. */
  private static RgbImage gradient(int w, int h, int lo, int hi) {
    byte[] px = new byte[3 * w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = lo + (hi - lo) * x / (w - 1);
        int i = 3 * (y * w + x);
        px[i] = px[i + 1] = px[i + 2] = (byte) v;
      }
    }
    return RgbImage.of(w, h, px);
  }

  private static double meanLuma(RgbImage img) {
    double sum = 0;
    for (int y = 0; y < img.height(); y++) {
      for (int x = 0; x < img.width(); x++) {
        sum += img.sample(x, y, 1);
      }
    }
    return sum / (img.width() * img.height());
  }

  @Test
  void aDarkGradientGetsBrighterAndKeepsItsOrder() {
    RgbImage dark = gradient(64, 8, 2, 60);
    RgbImage out = lift.apply(dark);
    assertThat(meanLuma(out)).isGreaterThan(2 * meanLuma(dark));
    for (int x = 1; x < 64; x++) {
      assertThat(out.sample(x, 4, 0)).isGreaterThanOrEqualTo(out.sample(x - 1, 4, 0));
      assertThat(out.sample(x, 4, 0)).isGreaterThanOrEqualTo(dark.sample(x, 4, 0));
    }
    // 255 · (30 / 255)^0.5 ≈ 87.5
    assertThat(lift.apply(gradient(2, 1, 30, 30)).sample(0, 0, 0)).isEqualTo(87);
  }

  @Test
  void aDarkFaceIsDarkAndAWellLitOneIsNot() {
    assertThat(lift.isDark(gradient(112, 112, 0, 60))).isTrue();
    assertThat(lift.isDark(gradient(112, 112, 90, 200))).isFalse();
    assertThat(lift.darkFraction(gradient(112, 112, 90, 200))).isZero();
  }

  @Test
  void halfOfAFaceInShadowIsDark() {
    // Side light: the left half black, the right half well lit.
    int w = 112;
    byte[] px = new byte[3 * w * w];
    for (int y = 0; y < w; y++) {
      for (int x = w / 2; x < w; x++) {
        int i = 3 * (y * w + x);
        px[i] = px[i + 1] = px[i + 2] = (byte) 180;
      }
    }
    RgbImage sideLit = RgbImage.of(w, w, px);
    assertThat(lift.darkFraction(sideLit)).isBetween(0.45, 0.55);
    assertThat(lift.isDark(sideLit)).isTrue();
  }

  @Test
  void onlyTheCentralEllipseCounts() {
    // A well-lit face on a black background: the corners are outside the ellipse.
    int w = 100;
    byte[] px = new byte[3 * w * w];
    for (int y = 0; y < w; y++) {
      for (int x = 0; x < w; x++) {
        double u = (2.0 * x + 1) / w - 1;
        double t = (2.0 * y + 1) / w - 1;
        if (u * u + t * t <= 0.6) {
          int i = 3 * (y * w + x);
          px[i] = px[i + 1] = px[i + 2] = (byte) 150;
        }
      }
    }
    assertThat(lift.isDark(RgbImage.of(w, w, px))).isFalse();
  }

  @Test
  void colourChannelsKeepTheirOrder() {
    RgbImage c = RgbImage.of(1, 1, new byte[] {(byte) 60, (byte) 30, (byte) 10});
    RgbImage out = lift.apply(c);
    assertThat(out.sample(0, 0, 0)).isGreaterThan(out.sample(0, 0, 1));
    assertThat(out.sample(0, 0, 1)).isGreaterThan(out.sample(0, 0, 2));
  }

  @Test
  void gammaOneLeavesTheFrameAsItIs() {
    RgbImage in = gradient(50, 3, 0, 255);
    assertThat(new LowLightLift(1, 40, 0.2).apply(in)).isEqualTo(in);
  }

  @Property
  void theCurveIsMonotoneBrighteningAndFixesBlackAndWhite(
      @ForAll @DoubleRange(min = 0.05, max = 1) double gamma,
      @ForAll @IntRange(min = 0, max = 254) int v) {
    LowLightLift l = new LowLightLift(gamma, 40, 0.2);
    RgbImage in =
        RgbImage.of(
            4,
            1,
            new byte[] {
              0,
              0,
              0,
              (byte) v,
              (byte) v,
              (byte) v,
              (byte) (v + 1),
              (byte) (v + 1),
              (byte) (v + 1),
              (byte) 255,
              (byte) 255,
              (byte) 255
            });
    RgbImage out = l.apply(in);
    assertThat(out.sample(0, 0, 0)).isZero();
    assertThat(out.sample(3, 0, 0)).isEqualTo(255);
    assertThat(out.sample(1, 0, 0)).isGreaterThanOrEqualTo(v);
    assertThat(out.sample(2, 0, 0)).isGreaterThanOrEqualTo(out.sample(1, 0, 0));
  }

  @Test
  void badParametersAreRefused() {
    assertThatThrownBy(() -> new LowLightLift(0, 40, 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gamma");
    assertThatThrownBy(() -> new LowLightLift(1.5, 40, 0.2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LowLightLift(Double.NaN, 40, 0.2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LowLightLift(0.5, 0, 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("darkLevel");
    assertThatThrownBy(() -> new LowLightLift(0.5, 40, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minDarkFraction");
  }
}
