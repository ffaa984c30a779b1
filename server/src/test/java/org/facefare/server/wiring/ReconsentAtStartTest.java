package org.facefare.server.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.facefare.face.Template;
import org.facefare.gallery.ModelProfile;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentAnswer;
import org.facefare.privacy.consent.ConsentText;
import org.facefare.privacy.consent.ConsentTexts;
import org.facefare.privacy.facepay.FacePayState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new consent text published between two starts of one system: the rider who agreed to the old
 * text is held out of the gallery at the next start, and back in it once they accept.
 */
class ReconsentAtStartTest {

  @TempDir Path dir;

  @Test
  void aRiderWhoAgreedToAnOlderTextIsNotInTheGalleryUntilTheyAccept() throws Exception {
    ConsentText v1 = ConsentTexts.bundled().current();
    ConsentText v2 = new ConsentText(2, v1.text() + "\nVersion 2: the operator's name changed.\n");
    Pseudonym anna = new Pseudonym("anna-reconsent");
    MovableClock clock = new MovableClock(Instant.parse("2026-05-01T10:00:00Z"));
    ModelProfile profile = ModelProfile.defaultModel();
    float[] v = new float[profile.dimension()];
    Random random = new Random(11);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    try (FaceFareSystem first =
        FaceFareSystem.builder(dir)
            .clock(clock)
            .consentTexts(new ConsentTexts(List.of(v1)))
            .open()) {
      first
          .facePay()
          .enrol(anna, ConsentAnswer.agreeTo(v1), List.of(Template.of(profile.modelId(), v)));
      assertThat(first.gallery().riderCount()).isEqualTo(1);
    }
    clock.advance(Duration.ofDays(2));
    try (FaceFareSystem second =
        FaceFareSystem.builder(dir)
            .clock(clock)
            .consentTexts(new ConsentTexts(List.of(v1, v2)))
            .open()) {
      assertThat(second.ridersHeldForConsentAtStart()).isEqualTo(1);
      assertThat(second.ridersLoadedAtStart()).isZero();
      assertThat(second.gallery().riderCount()).isZero();
      assertThat(second.facePay().state(anna)).contains(FacePayState.AWAITING_CONSENT);

      second.facePay().reconsent(anna, ConsentAnswer.agreeTo(v2));
      assertThat(second.facePay().state(anna)).contains(FacePayState.ACTIVE);
      assertThat(second.gallery().riderCount()).isEqualTo(1);
    }
  }
}
