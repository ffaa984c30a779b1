package org.facefare.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
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
      assertThat(p.rides()).doesNotContain(p.enrolment());
    }
    assertThat(DemoFaces.fromDatasets(datasets(), 7)).isEqualTo(faces);
  }

  @Test
  void samplePhotosRideAsTheirMirrorImage() throws Exception {
    byte[] rgb = new byte[4 * 2 * 3];
    rgb[0] = (byte) 255;
    for (String name : new String[] {"sample1.jpg", "sample2.jpg", "sample3.jpg"}) {
      Files.write(dir.resolve(name), PngEncoder.encode(RgbImage.of(4, 2, rgb)));
    }
    Files.writeString(dir.resolve("notes.txt"), "not a photo");
    DemoFaces faces = DemoFaces.fromSamples(dir);
    assertThat(faces.riders()).hasSize(2);
    assertThat(faces.strangers()).hasSize(1);
    RgbImage mirrored =
        new ImageDecoder().decode(faces.riders().getFirst().rides().getFirst().bytes()).image();
    assertThat(mirrored.sample(3, 0, 0)).isEqualTo(255);
    assertThat(mirrored.sample(0, 0, 0)).isZero();
  }

  @Test
  void tooFewPhotosIsAClearError() {
    assertThatThrownBy(() -> DemoFaces.fromSamples(dir)).hasMessageContaining("fewer than two");
    assertThatThrownBy(() -> DemoFaces.fromDatasets(dir, 1))
        .hasMessageContaining("no usable photo set");
  }
}
