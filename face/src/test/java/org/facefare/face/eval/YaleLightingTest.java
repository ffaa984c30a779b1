package org.facefare.face.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class YaleLightingTest {

  @Test
  void parsesAzimuthAndElevation() {
    assertThat(YaleLighting.parse("yaleB01_P00A+035E+15.png")).contains(new YaleLighting(35, 15));
    assertThat(YaleLighting.parse("yaleB39_P00A-130E+20.pgm")).contains(new YaleLighting(-130, 20));
    assertThat(YaleLighting.parse("yaleB05/yaleB05_P00A+000E-35.png"))
        .contains(new YaleLighting(0, -35));
  }

  @Test
  void groupsByAbsoluteAzimuth() {
    assertThat(new YaleLighting(50, 0).group()).isEqualTo(YaleLighting.FRONTAL);
    assertThat(new YaleLighting(-50, 0).group()).isEqualTo(YaleLighting.FRONTAL);
    assertThat(new YaleLighting(-60, 0).group()).isEqualTo(YaleLighting.EXTREME);
    assertThat(new YaleLighting(85, 20).group()).isEqualTo(YaleLighting.EXTREME);
  }

  @Test
  void namesWithoutADirectionHaveNone() {
    assertThat(YaleLighting.parse("yaleB01_P00_Ambient.pgm")).isEmpty();
    assertThat(YaleLighting.parse("s1/1.png")).isEmpty();
  }

  @Test
  void tagsSamples() {
    Sample s = Sample.unusable("yaleB01", "yaleB01/yaleB01_P00A-110E+15.png", "dark");
    assertThat(YaleLighting.tag(s).tags()).containsEntry(YaleLighting.TAG, YaleLighting.EXTREME);
    Sample other = Sample.unusable("s1", "s1/1.png", "dark");
    assertThat(YaleLighting.tag(other).tags()).isEmpty();
  }
}
