package org.facefare.server.web.rider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.facefare.face.FaceEngine;
import org.facefare.face.FaceEngineSettings;
import org.facefare.face.Template;
import org.facefare.face.models.ModelCache;
import org.facefare.face.tfjs.ImportListener;
import org.facefare.gallery.ModelProfile;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentAnswer;
import org.facefare.privacy.consent.ConsentText;
import org.facefare.privacy.consent.ConsentTexts;
import org.facefare.privacy.facepay.FacePayState;
import org.facefare.server.web.WebTestServer;
import org.facefare.server.wiring.FaceFareSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new consent text published between two starts: the rider's pages say face pay is held, the
 * consent page shows the new text, and only an explicit yes puts the rider back in the gallery.
 */
class RiderReconsentTest {

  @TempDir Path dir;

  @Test
  void aHeldRiderIsAskedForTheNewTextAndReturnsOnlyOnAnExplicitYes() throws Exception {
    ModelCache models = ModelCache.fromEnvironment();
    assumeTrue(models.isFetched(), "models are not in " + models.root() + " (skipping)");
    ConsentText v1 = ConsentTexts.bundled().current();
    ConsentText v2 = new ConsentText(2, v1.text() + "\nVersion 2: the operator's name changed.\n");
    String email = "held@example.org";
    Pseudonym rider;
    try (FaceEngine engine =
        FaceEngine.open(FaceEngineSettings.builder().models(models).build(), ImportListener.NONE)) {
      try (WebTestServer first = server(engine, new ConsentTexts(List.of(v1)))) {
        RiderPagesTest.Client c = new RiderPagesTest.Client(first);
        c.get("/signup");
        c.form(
            "/signup",
            Map.of(
                "email",
                email,
                "password",
                RiderPagesTest.PASSWORD,
                "confirm",
                RiderPagesTest.PASSWORD,
                "terms",
                "yes"));
        rider =
            new Pseudonym(
                first
                    .accounts()
                    .authenticate(email, RiderPagesTest.PASSWORD)
                    .orElseThrow()
                    .rider()
                    .orElseThrow());
        first.system().facePay().enrol(rider, ConsentAnswer.agreeTo(v1), List.of(face()));
      }
      try (WebTestServer second = server(engine, new ConsentTexts(List.of(v1, v2)))) {
        assertThat(second.system().facePay().state(rider)).contains(FacePayState.AWAITING_CONSENT);
        RiderPagesTest.Client c = new RiderPagesTest.Client(second);
        c.get("/signin");
        c.form("/signin", Map.of("email", email, "password", RiderPagesTest.PASSWORD));
        assertThat(c.get("/rider").body()).contains("The consent text changed since you agreed");
        String page = c.get("/rider/consent").body();
        assertThat(page).contains("Version 2: the operator").contains(v2.sha256());

        HttpResponse<String> unticked =
            c.form("/rider/consent", Map.of("version", "2", "sha", v2.sha256()));
        assertThat(unticked.statusCode()).isEqualTo(422);
        HttpResponse<String> old =
            c.form("/rider/consent", Map.of("version", "1", "sha", v1.sha256(), "agree", "yes"));
        assertThat(old.statusCode()).as("a yes to the old text is no yes").isEqualTo(422);
        assertThat(second.system().facePay().state(rider)).contains(FacePayState.AWAITING_CONSENT);

        HttpResponse<String> yes =
            c.form("/rider/consent", Map.of("version", "2", "sha", v2.sha256(), "agree", "yes"));
        assertThat(yes.headers().firstValue("Location")).contains("/rider/face");
        assertThat(second.system().facePay().state(rider)).contains(FacePayState.ACTIVE);
        assertThat(second.system().facePay().consents(rider)).hasSize(2);
      }
    }
  }

  private WebTestServer server(FaceEngine engine, ConsentTexts texts) throws Exception {
    return WebTestServer.start(
        FaceFareSystem.builder(dir).consentTexts(texts),
        system -> List.of(RiderFeature.over(system, engine::process, Clock.systemUTC())));
  }

  private static Template face() {
    ModelProfile profile = ModelProfile.defaultModel();
    float[] v = new float[profile.dimension()];
    Random random = new Random(11);
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return Template.of(profile.modelId(), v);
  }
}
