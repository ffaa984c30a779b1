package org.facefare.face.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.facefare.face.TestData;
import org.facefare.face.align.AlignmentTemplate;
import org.facefare.face.align.BilinearWarp;
import org.facefare.face.align.Border;
import org.facefare.face.align.Landmarks;
import org.facefare.face.align.SimilarityTransform;
import org.facefare.face.align.WarpTarget;
import org.facefare.face.image.ImageDecodeException;
import org.facefare.face.image.ImageDecoder;
import org.facefare.face.image.RgbImage;
import org.junit.jupiter.api.Test;

/**
 * The photometric defaults on real face crops: AT&T's tight 92 × 112 crops, sharp and evenly lit,
 * pass; blurred they fail; Yale B under light from the side fails as too dark. Landmarks are the
 * frontal template (these sets have none), so only exposure and blur are under test.
 */
class QualityOnPhotosTest {

  private static final Pattern YALE_LIGHT = Pattern.compile("_P00A([+-]\\d+)E([+-]\\d+)\\.png$");
  private static final Landmarks FRONTAL =
      AlignmentTemplate.ARCFACE_112.points().transformed(SimilarityTransform.of(2, 0, 0, 0));
  private static final QualityAssessor ASSESSOR = new QualityAssessor();
  private static final ImageDecoder DECODER = new ImageDecoder();

  private static List<Path> pngs(String set, int every) throws IOException {
    Path dir = TestData.datasets().resolve(set);
    assumeTrue(Files.isDirectory(dir), dir + " absent (set FACEFARE_DATASETS); skipped");
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> all = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
      return java.util.stream.IntStream.range(0, all.size())
          .filter(i -> i % every == 0)
          .mapToObj(all::get)
          .toList();
    }
  }

  /** The photo scaled to fit a 112 × 112 crop, as alignment would size it. */
  private static RgbImage crop(Path file) throws IOException, ImageDecodeException {
    RgbImage img = DECODER.decode(Files.readAllBytes(file)).image();
    double s = 112.0 / Math.max(img.width(), img.height());
    return BilinearWarp.warp(
        img, new SimilarityTransform(s, 0, 0, 0), new WarpTarget(112, 112, Border.replicate()));
  }

  private static QualityReport assess(RgbImage crop) {
    return ASSESSOR.assess(new QualityInput(crop, FRONTAL, 200, 200));
  }

  @Test
  void sharpAtntCropsPassAndBlurredOnesAreBlurry() throws Exception {
    List<Path> files = pngs("att", 4);
    int passed = 0;
    int blurry = 0;
    for (Path f : files) {
      RgbImage c = crop(f);
      passed += assess(c).passed() ? 1 : 0;
      blurry +=
          assess(Crops.boxBlur(c, 2, 3)).failures().stream()
                  .anyMatch(x -> x.reason() == QualityReason.BLURRY)
              ? 1
              : 0;
    }
    System.out.printf(
        "quality on AT&T: %d of %d sharp crops pass, %d of %d blurred (sigma ~2.4) are BLURRY%n",
        passed, files.size(), blurry, files.size());
    assertThat(passed).isGreaterThanOrEqualTo(files.size() * 95 / 100);
    assertThat(blurry).isEqualTo(files.size());
  }

  @Test
  void yaleLightFromTheSideIsTooDark() throws Exception {
    int frontLit = 0;
    int frontLitOk = 0;
    int sideLit = 0;
    int sideLitDark = 0;
    for (Path f : pngs("yaleb", 3)) {
      Matcher m = YALE_LIGHT.matcher(f.getFileName().toString());
      if (!m.find()) {
        continue;
      }
      int azimuth = Math.abs(Integer.parseInt(m.group(1)));
      int elevation = Math.abs(Integer.parseInt(m.group(2)));
      boolean dark =
          assess(crop(f)).failures().stream().anyMatch(x -> x.reason() == QualityReason.TOO_DARK);
      if (azimuth <= 25 && elevation <= 25) {
        frontLit++;
        frontLitOk += dark ? 0 : 1;
      } else if (azimuth >= 100) {
        sideLit++;
        sideLitDark += dark ? 1 : 0;
      }
    }
    System.out.printf(
        "quality on Yale B: %d of %d front-lit crops not too dark; %d of %d lit from >= 100 deg"
            + " too dark%n",
        frontLitOk, frontLit, sideLitDark, sideLit);
    assertThat(frontLitOk).isGreaterThanOrEqualTo(frontLit * 95 / 100);
    assertThat(sideLitDark).isGreaterThanOrEqualTo(sideLit * 9 / 10);
  }
}
