package org.facefare.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.facefare.face.Template;
import org.facefare.face.detect.Box;
import org.facefare.face.image.ImageDecoder;
import org.facefare.face.image.PngEncoder;
import org.facefare.face.image.RgbImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoFacesTest {

  @TempDir Path dir;

  static Path datasets() {
    return Optional.ofNullable(System.getenv("FACEFARE_DATASETS"))
        .map(Path::of)
        .orElse(Path.of(System.getProperty("facefare.repo", "."), "..", "shared", "datasets"));
  }

  @Test
  void splitsThePhotoSetsIntoRidersAndStrangersWithoutOverlap() throws Exception {
    assumeTrue(
        Files.isDirectory(datasets()), datasets() + " is absent (datasets not present): skipping");
    DemoFaces faces = DemoFaces.fromDatasets(datasets(), 7);
    assertThat(faces.riders()).hasSizeGreaterThan(3 * faces.strangers().size() - 3);
    assertThat(faces.strangers()).isNotEmpty();
    Set<String> ids = new HashSet<>();
    faces.riders().forEach(p -> ids.add(p.id()));
    faces.strangers().forEach(p -> assertThat(ids.add(p.id())).as(p.id()).isTrue());
    for (DemoFaces.Person p : faces.riders()) {
      assertThat(p.rides()).doesNotContainAnyElementsOf(p.enrolment());
      assertThat(p.enrolment()).hasSizeBetween(1, DemoFaces.ENROLMENT_PHOTOS);
    }
    assertThat(DemoFaces.fromDatasets(datasets(), 7)).isEqualTo(faces);
  }

  @Test
  void eachSamplePhotoGivesOneCutOutPersonWhoRidesWithTheMirrorImage() throws Exception {
    byte[] rgb = new byte[40 * 20 * 3];
    rgb[(5 * 40 + 10) * 3] = (byte) 255;
    for (String name : new String[] {"sample1.jpg", "sample2.jpg", "sample3.jpg"}) {
      Files.write(dir.resolve(name), PngEncoder.encode(RgbImage.of(40, 20, rgb)));
    }
    Files.writeString(dir.resolve("notes.txt"), "not a photo");
    int[] n = {0};
    DemoFaces faces =
        DemoFaces.fromSamples(
            dir,
            photo -> {
              float[] v = new float[4];
              v[n[0]++ % 4] = 1;
              return List.of(new DemoFaces.LocatedFace(new Box(10, 5, 14, 9), Template.of("m", v)));
            },
            0.9);
    assertThat(faces.riders()).hasSize(2);
    assertThat(faces.strangers()).hasSize(1);
    DemoFaces.Person rider = faces.riders().getFirst();
    RgbImage crop = new ImageDecoder().decode(rider.enrolment().getFirst().bytes()).image();
    RgbImage mirrored = new ImageDecoder().decode(rider.rides().getFirst().bytes()).image();
    assertThat(crop.width()).isEqualTo(mirrored.width()).isLessThan(40);
    // The lit pixel (10, 5) with a margin of 0.35 * 4 px: the crop starts at (8, 3).
    assertThat(crop.sample(2, 2, 0)).isEqualTo(255);
    assertThat(mirrored.sample(crop.width() - 3, 2, 0)).isEqualTo(255);
  }

  @Test
  void facesTheModelTakesForOnePersonAreOnePerson() throws Exception {
    for (String name : new String[] {"sample1.jpg", "sample2.jpg", "sample3.jpg"}) {
      Files.write(dir.resolve(name), PngEncoder.encode(RgbImage.of(40, 20, new byte[40 * 20 * 3])));
    }
    DemoFaces faces =
        DemoFaces.fromSamples(
            dir,
            photo ->
                List.of(
                    new DemoFaces.LocatedFace(
                        new Box(10, 5, 14, 9),
                        Template.of(
                            "m",
                            photo.getFileName().toString().equals("sample2.jpg")
                                ? new float[] {0, 1}
                                : new float[] {1, 0.01f}))),
            0.9);
    assertThat(faces.riders()).singleElement().satisfies(p -> assertThat(p.rides()).hasSize(3));
    assertThat(faces.strangers()).singleElement().satisfies(p -> assertThat(p.rides()).hasSize(1));
  }

  @Test
  void tooFewPhotosIsAClearError() {
    assertThatThrownBy(() -> DemoFaces.fromSamples(dir, photo -> List.of(), 0.9))
        .hasMessageContaining("fewer than two");
    assertThatThrownBy(() -> DemoFaces.fromDatasets(dir, 1))
        .hasMessageContaining("no usable photo set");
  }
}
