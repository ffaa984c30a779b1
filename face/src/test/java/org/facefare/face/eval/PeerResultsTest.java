package org.facefare.face.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerResultsTest {

  @TempDir Path dir;

  private Path write(String json) throws IOException {
    Path p = dir.resolve("peer.json");
    Files.writeString(p, json);
    return p;
  }

  private static String image(String identity, String file, boolean detected, double x, double ms) {
    return String.format(
        java.util.Locale.ROOT,
        "{\"identity\":\"%s\",\"file\":\"%s\",\"detected\":%b,\"border\":null,"
            + "\"descriptor\":[%f,0,0],\"ms\":%f}",
        identity,
        file,
        detected,
        x,
        ms);
  }

  @Test
  void readsSamplesTagsAndMeta() throws IOException {
    Path p =
        write(
            "{\"meta\":{\"face_api\":\"1.7.15\",\"dataset\":\"/data/att\",\"protocol\":{\"upscale\":2}},"
                + "\"images\":["
                + image("a", "1.png", true, 0.1, 10)
                + ","
                + image("a", "2.png", false, 0.2, 30)
                + ","
                + image("b", "1.png", true, 0.9, 20)
                + "]}");
    PeerResults peer = PeerResults.read(p);
    assertThat(peer.samples())
        .extracting(Sample::imageId)
        .containsExactly("a/1.png", "a/2.png", "b/1.png");
    assertThat(peer.samples()).allMatch(Sample::isUsable);
    assertThat(peer.samples().get(1).tags()).containsEntry(PeerResults.DETECTION_TAG, "undetected");
    assertThat(peer.undetected()).isEqualTo(1);
    assertThat(peer.meta())
        .containsEntry("face_api", "1.7.15")
        .containsEntry("protocol.upscale", "2");
    assertThat(peer.percentileMillis(50)).isEqualTo(20);
    assertThat(peer.percentileMillis(100)).isEqualTo(30);
    float[] e = ((SampleOutcome.Usable) peer.samples().get(2).outcome()).embedding();
    assertThat(e).containsExactly(0.9f, 0f, 0f);
  }

  @Test
  void rejectsFilesThatAreNotPeerOutput() throws IOException {
    assertThatThrownBy(() -> PeerResults.read(write("{\"latency\":{}}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no \"images\" array");
    assertThatThrownBy(
            () -> PeerResults.read(write("{\"images\":[{\"identity\":\"a\",\"detected\":true}]}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"file\"");
  }

  @Test
  void evaluatesWithNegativeL2AndDetectionBreakdown() throws IOException {
    StringBuilder images = new StringBuilder();
    String[] ids = {"a", "b", "c", "d"};
    for (int i = 0; i < ids.length; i++) {
      for (int k = 0; k < 3; k++) {
        if (images.length() > 0) {
          images.append(',');
        }
        images.append(image(ids[i], k + ".png", k != 2, i + 0.01 * k, 5));
      }
    }
    PeerResults peer =
        PeerResults.read(write("{\"meta\":{\"dataset\":\"/x/toy\"},\"images\":[" + images + "]}"));
    EvalResult r = PeerEvaluation.evaluate(peer);
    assertThat(r.settings().dataset()).isEqualTo("toy");
    assertThat(r.settings().similarity().name()).isEqualTo("negative L2 distance");
    assertThat(r.verification().eer()).isEqualTo(new Eer.Interpolated(0));
    assertThat(r.identification().rank1()).isEqualTo(1.0);
    assertThat(r.breakdowns())
        .extracting(Breakdown::tag)
        .containsExactly(PeerResults.DETECTION_TAG);
  }
}
