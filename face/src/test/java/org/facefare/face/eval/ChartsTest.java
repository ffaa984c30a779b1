package org.facefare.face.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

  @TempDir Path tmp;

  @Test
  void perfectlySeparatedRunStillDrawsADetPlot() throws Exception {
    Path png = tmp.resolve("det.png");
    Charts.det(
        "perfect",
        List.of(
            new Charts.Curve(
                "no errors", List.of(new DetPoint(0, 1), new DetPoint(0, 0), new DetPoint(1, 0)))),
        png);
    assertThat(png).exists().isNotEmptyFile();
  }
}
