package org.facefare.server.enrolment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.facefare.face.FaceEngine;
import org.facefare.face.FaceEngineSettings;
import org.facefare.face.FaceResult;
import org.facefare.face.models.ModelCache;
import org.facefare.face.pad.Liveness;
import org.facefare.face.tfjs.ImportListener;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentAnswer;
import org.facefare.privacy.consent.ConsentTexts;
import org.facefare.privacy.facepay.FacePayState;
import org.facefare.server.wiring.FaceFareSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enrolment from selfie frames with the real face pipeline, face pay and embedded PostgreSQL: the
 * advice a rider gets for each kind of bad frame, fusion, re-enrolment, refusals that save nothing,
 * and no photo byte in the database.
 */
class SelfieEnrolmentTest {

  @TempDir static Path data;
  static FaceEngine engine;
  static FaceFareSystem system;
  static SelfieEnrolment enrolment;
  static final Optional<ConsentAnswer> YES =
      Optional.of(ConsentAnswer.agreeTo(ConsentTexts.bundled().current()));

  @BeforeAll
  static void open() throws Exception {
    Photos.deepfacePairs();
    ModelCache models = ModelCache.fromEnvironment();
    assumeTrue(models.isFetched(), "models are not in " + models.root() + " (skipping)");
    engine =
        FaceEngine.open(FaceEngineSettings.builder().models(models).build(), ImportListener.NONE);
    system = FaceFareSystem.builder(data).open();
    enrolment = new SelfieEnrolment(system.facePay(), engine::process);
  }

  @AfterAll
  static void close() {
    if (system != null) {
      system.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void everyKindOfBadFrameGetsItsOwnAdvice() {
    BufferedImage good = Photos.frame("id00", "img2.jpg");
    BufferedImage other = Photos.frame("id02", "img20.jpg");
    assertThat(enrolment.check(Photos.jpeg(good))).isEqualTo(Advice.READY);
    assertThat(enrolment.check(Photos.jpeg(Photos.levels(good, v -> v * 3 / 10))))
        .isEqualTo(Advice.TOO_DARK);
    assertThat(enrolment.check(Photos.jpeg(Photos.levels(good, v -> v + 120))))
        .isEqualTo(Advice.TOO_BRIGHT);
    assertThat(enrolment.check(Photos.jpeg(Photos.blurred(good, 14)))).isEqualTo(Advice.BLURRY);
    assertThat(enrolment.check(Photos.jpeg(Photos.far(good, 120)))).isEqualTo(Advice.MOVE_CLOSER);
    assertThat(enrolment.check(Photos.jpeg(Photos.together(good, other))))
        .isEqualTo(Advice.ONE_FACE_PLEASE);
    assertThat(
            enrolment.check(Photos.jpeg(new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB))))
        .isEqualTo(Advice.NO_FACE);
    assertThat(enrolment.check("not a photo".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(Advice.NOT_AN_IMAGE);
    assertThat(enrolment.check(new byte[0])).isEqualTo(Advice.NOT_AN_IMAGE);
  }

  @Test
  void aSuspectedSpoofIsReportedAsAFailedLivenessCheck() {
    assertThat(Advice.of(new FaceResult.SpoofSuspected(new Liveness(0.01, 0.02, 0.01, 0.05))))
        .isEqualTo(Advice.LIVENESS_FAILED);
    assertThat(Advice.LIVENESS_FAILED.messageKey()).isEqualTo("rider.enrol.advice.liveness_failed");
  }

  @Test
  void threeFramesOfOnePersonAreFusedAndAReEnrolmentReplacesTheTemplate() {
    Pseudonym rider = new Pseudonym("rider-fuse");
    List<byte[]> frames =
        List.of(
            Photos.jpeg(Photos.frame("id00", "img1.jpg")),
            Photos.jpeg(Photos.frame("id00", "img2.jpg")),
            Photos.jpeg(Photos.frame("id00", "img4.jpg")));

    assertThat(enrolment.enrol(rider, YES, frames))
        .isEqualTo(new EnrolmentOutcome.Enrolled(false, 3));
    assertThat(system.facePay().state(rider)).contains(FacePayState.ACTIVE);
    assertThat(system.facePay().consents(rider)).hasSize(1);

    assertThat(
            enrolment.enrol(
                rider, Optional.empty(), List.of(Photos.jpeg(Photos.frame("id00", "img6.jpg")))))
        .isEqualTo(new EnrolmentOutcome.Enrolled(true, 1));
    assertThat(system.facePay().consents(rider)).hasSize(1);
    assertThat(system.gallery().riderCount()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void oneBadFrameRefusesTheWholeEnrolmentWithAdvicePerFrameAndSavesNothing() {
    Pseudonym rider = new Pseudonym("rider-refused");
    BufferedImage good = Photos.frame("id00", "img2.jpg");
    EnrolmentOutcome outcome =
        enrolment.enrol(
            rider,
            YES,
            List.of(Photos.jpeg(good), Photos.jpeg(Photos.levels(good, v -> v * 2 / 10))));

    assertThat(outcome)
        .isEqualTo(new EnrolmentOutcome.Refused(List.of(Advice.READY, Advice.TOO_DARK)));
    assertThat(((EnrolmentOutcome.Refused) outcome).first()).isEqualTo(Advice.TOO_DARK);
    assertThat(system.facePay().state(rider)).isEmpty();
    assertThat(system.facePay().consents(rider)).isEmpty();
  }

  @Test
  void framesOfTwoPeopleAreNotBlendedIntoOneTemplate() {
    Pseudonym rider = new Pseudonym("rider-blend");
    EnrolmentOutcome outcome =
        enrolment.enrol(
            rider,
            YES,
            List.of(
                Photos.jpeg(Photos.frame("id00", "img2.jpg")),
                Photos.jpeg(Photos.frame("id02", "img20.jpg"))));

    assertThat(outcome).isInstanceOf(EnrolmentOutcome.NotOnePerson.class);
    assertThat(((EnrolmentOutcome.NotOnePerson) outcome).lowestSimilarity())
        .isLessThan(SelfieEnrolment.SAME_PERSON);
    assertThat(system.facePay().state(rider)).isEmpty();
  }

  @Test
  void aFirstEnrolmentNeedsConsentAndAnErasedFaceCannotComeBack() {
    Pseudonym rider = new Pseudonym("rider-erased");
    List<byte[]> frame = List.of(Photos.jpeg(Photos.frame("id07", "img18.jpg")));
    assertThatThrownBy(() -> enrolment.enrol(rider, Optional.empty(), frame))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("explicit consent");
    assertThatThrownBy(() -> enrolment.enrol(rider, YES, List.of()))
        .hasMessageContaining("1 to 5 photos");
    assertThatThrownBy(
            () -> enrolment.enrol(rider, YES, java.util.Collections.nCopies(6, frame.getFirst())))
        .hasMessageContaining("1 to 5 photos");
    assertThat(system.facePay().state(rider)).isEmpty();

    assertThat(enrolment.enrol(rider, YES, frame)).isInstanceOf(EnrolmentOutcome.Enrolled.class);
    system.facePay().erase(rider);

    assertThat(enrolment.enrol(rider, YES, frame)).isInstanceOf(EnrolmentOutcome.Erased.class);
    assertThat(system.facePay().state(rider)).isEmpty();
  }

  @Test
  void noPartOfAnEnrolmentPhotoReachesTheDatabase() throws Exception {
    Pseudonym rider = new Pseudonym("rider-nophoto");
    byte[] photo = Photos.jpeg(Photos.frame("id05", "img22.jpg"));
    assertThat(enrolment.check(photo)).isEqualTo(Advice.READY);
    assertThat(enrolment.enrol(rider, YES, List.of(photo)))
        .isInstanceOf(EnrolmentOutcome.Enrolled.class);

    List<byte[]> probes = new ArrayList<>();
    for (int at : new int[] {0, photo.length / 3, photo.length / 2, photo.length - 48}) {
      probes.add(Arrays.copyOfRange(photo, at, at + 48));
    }
    int values = 0;
    try (Connection c = system.database().dataSource().getConnection();
        Statement s = c.createStatement()) {
      List<String[]> columns = new ArrayList<>();
      try (ResultSet r =
          s.executeQuery(
              "SELECT table_schema, table_name, column_name FROM information_schema.columns"
                  + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                  + " AND data_type IN ('bytea', 'text', 'character varying')")) {
        while (r.next()) {
          columns.add(new String[] {r.getString(1), r.getString(2), r.getString(3)});
        }
      }
      assertThat(columns).isNotEmpty();
      for (String[] col : columns) {
        try (ResultSet r =
            s.executeQuery(
                "SELECT \"" + col[2] + "\"::bytea FROM \"" + col[0] + "\".\"" + col[1] + "\"")) {
          while (r.next()) {
            byte[] value = r.getBytes(1);
            if (value == null) {
              continue;
            }
            values++;
            String hex = HexFormat.of().formatHex(value);
            for (byte[] probe : probes) {
              assertThat(hex)
                  .as("%s.%s.%s holds part of the photo", col[0], col[1], col[2])
                  .doesNotContain(HexFormat.of().formatHex(probe));
            }
            assertThat(value.length)
                .as("%s.%s.%s holds something the size of a photo", col[0], col[1], col[2])
                .isLessThan(photo.length / 2);
          }
        }
      }
    }
    assertThat(values).as("the enrolment wrote rows to scan").isPositive();
  }
}
