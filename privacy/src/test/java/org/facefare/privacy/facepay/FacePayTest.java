package org.facefare.privacy.facepay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.facefare.face.Template;
import org.facefare.privacy.Faces;
import org.facefare.privacy.Postgres;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.TestClock;
import org.facefare.privacy.TestRandom;
import org.facefare.privacy.consent.ConsentAnswer;
import org.facefare.privacy.consent.ConsentRecord;
import org.facefare.privacy.consent.ConsentText;
import org.facefare.privacy.consent.ConsentTexts;
import org.facefare.privacy.signing.SigningKey;
import org.facefare.privacy.vault.AesKeyEncryptionKey;
import org.facefare.privacy.vault.FileRiderKeyStore;
import org.facefare.privacy.vault.MasterKeyRing;
import org.facefare.privacy.vault.TemplateVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Face pay from consent to erasure on real PostgreSQL, with two in-memory galleries. */
class FacePayTest {

  @TempDir static Path shared;
  static Postgres pg;

  @TempDir Path dir;
  final TestClock clock = new TestClock(Instant.parse("2026-04-01T09:00:00Z"));
  final Random faces = new Random(3);
  final MemoryGallery north = new MemoryGallery("north");
  final MemoryGallery south = new MemoryGallery("south");
  final ConsentText current = ConsentTexts.bundled().current();
  SigningKey receiptKey;
  FacePay facePay;

  @BeforeAll
  static void start() {
    pg = Postgres.start(shared.resolve("pg"));
  }

  @AfterAll
  static void stop() {
    pg.close();
  }

  @BeforeEach
  void setUp() throws Exception {
    pg.truncate();
    receiptKey = SigningKey.generate(TestRandom.seeded(31));
    TemplateVault vault =
        new TemplateVault(
            pg.privacy.templates(),
            new FileRiderKeyStore(dir.resolve("keys")),
            new MasterKeyRing(AesKeyEncryptionKey.generate("m1", TestRandom.seeded(32)), List.of()),
            TestRandom.seeded(33),
            clock);
    facePay =
        new FacePay(
            ConsentTexts.bundled(),
            pg.privacy.enrolments(),
            vault,
            List.of(north, south),
            receiptKey,
            clock,
            TestRandom.seeded(34),
            2);
  }

  @Test
  void theBundledConsentTextStatesThePurposeAndIsCurrent() {
    assertThat(current.version()).isEqualTo(1);
    assertThat(current.text()).contains(ConsentText.PURPOSE).contains("withdraw");
    assertThat(current.sha256()).hasSize(64);
    assertThatThrownBy(() -> new ConsentText(2, "We may use your face for anything."))
        .hasMessageContaining("does not state");
  }

  @Test
  void enrolmentNeedsAnExplicitYesToTheCurrentTextAndRecordsVersionAndTime() {
    Pseudonym anna = new Pseudonym("anna");
    List<Template> t = List.of(Faces.random("m", faces));
    assertThatThrownBy(() -> facePay.enrol(anna, new ConsentAnswer(1, current.sha256(), false), t))
        .hasMessageContaining("explicit consent");
    assertThatThrownBy(() -> facePay.enrol(anna, new ConsentAnswer(0, current.sha256(), true), t))
        .hasMessageContaining("current version is 1");
    assertThatThrownBy(() -> facePay.enrol(anna, new ConsentAnswer(1, "ab".repeat(32), true), t))
        .hasMessageContaining("is not the published version 1");
    assertThatThrownBy(() -> facePay.enrol(anna, ConsentAnswer.agreeTo(current), List.of()))
        .hasMessageContaining("at least one template");
    assertThat(facePay.state(anna)).isEmpty();
    assertThat(north.contains(anna)).isFalse();

    ConsentRecord c = facePay.enrol(anna, ConsentAnswer.agreeTo(current), t);
    assertThat(c.version()).isEqualTo(1);
    assertThat(c.givenAt()).isEqualTo(clock.instant());
    assertThat(facePay.consents(anna)).containsExactly(c);
    assertThat(facePay.state(anna)).contains(FacePayState.ACTIVE);
    assertThat(north.of(anna)).containsValue(t.getFirst());
    assertThat(south.of(anna)).containsValue(t.getFirst());
    assertThatThrownBy(() -> facePay.enrol(anna, ConsentAnswer.agreeTo(current), t))
        .hasMessageContaining("enrolled already");
  }

  @Test
  void pauseLeavesEveryGalleryAndResumeRestoresWithoutReEnrolment() {
    Pseudonym anna = new Pseudonym("anna");
    Template t = Faces.random("m", faces);
    facePay.enrol(anna, ConsentAnswer.agreeTo(current), List.of(t));
    facePay.pause(anna);
    assertThat(north.contains(anna)).isFalse();
    assertThat(south.contains(anna)).isFalse();
    assertThat(facePay.state(anna)).contains(FacePayState.PAUSED);
    assertThat(facePay.enrolledTemplates()).isEmpty();
    assertThatThrownBy(() -> facePay.pause(anna))
        .hasMessageContaining("is not active (it is paused)");

    facePay.resume(anna);
    assertThat(north.of(anna)).containsValue(t);
    assertThat(south.of(anna)).containsValue(t);
    assertThat(facePay.state(anna)).contains(FacePayState.ACTIVE);
    assertThatThrownBy(() -> facePay.resume(anna)).hasMessageContaining("is not paused");
    assertThatThrownBy(() -> facePay.resume(new Pseudonym("nobody")))
        .hasMessageContaining("is not paused (it is not enrolled)");
    assertThat(facePay.counts())
        .isEqualTo(
            Map.of(
                FacePayState.ACTIVE,
                1L,
                FacePayState.PAUSED,
                0L,
                FacePayState.AWAITING_CONSENT,
                0L));
  }

  @Test
  void erasureRemovesFromEveryGalleryBeforeReturningAndASignedReceiptComesOnlyThen() {
    Pseudonym anna = new Pseudonym("anna");
    facePay.enrol(anna, ConsentAnswer.agreeTo(current), List.of(Faces.random("m", faces)));
    south.failRemovals(true);
    clock.advance(Duration.ofHours(1));
    assertThatThrownBy(() -> facePay.erase(anna))
        .isInstanceOf(ErasureIncompleteException.class)
        .hasMessageContaining("south");
    assertThat(north.contains(anna)).isFalse();
    assertThat(facePay.state(anna)).isEmpty();

    south.failRemovals(false);
    clock.advance(Duration.ofMinutes(1));
    EraseReceipt receipt = facePay.erase(anna);
    assertThat(south.contains(anna)).isFalse();
    assertThat(receipt.verifies(facePay.receiptKey())).isTrue();
    assertThat(receipt.galleriesCleared()).isEqualTo(2);
    assertThat(receipt.erasedAt()).isEqualTo(Instant.parse("2026-04-01T10:00:00Z"));
    EraseReceipt forged =
        new EraseReceipt(
            receipt.receiptId(),
            new Pseudonym("boris"),
            receipt.erasedAt(),
            2,
            receipt.signature());
    assertThat(forged.verifies(facePay.receiptKey())).isFalse();
    assertThat(facePay.consents(anna).getFirst().withdrawnAt())
        .contains(Instant.parse("2026-04-01T10:00:00Z"));
    assertThatThrownBy(
            () ->
                facePay.enrol(
                    anna, ConsentAnswer.agreeTo(current), List.of(Faces.random("m", faces))))
        .hasMessageContaining("never reused");
    assertThatThrownBy(() -> facePay.erase(new Pseudonym("nobody")))
        .hasMessageContaining("never enrolled");
  }

  @Test
  void theIndexLoaderSeesEveryActiveRiderPageByPageAndNoOneElse() {
    List<Pseudonym> active = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      Pseudonym p = new Pseudonym("rider-" + i);
      facePay.enrol(
          p,
          ConsentAnswer.agreeTo(current),
          List.of(Faces.random("m", faces), Faces.random("n", faces)));
      active.add(p);
    }
    facePay.pause(active.remove(2));
    facePay.erase(active.remove(4));
    List<Pseudonym> seen = new ArrayList<>();
    for (EnrolledTemplate e : facePay.enrolledTemplates()) {
      seen.add(e.rider());
    }
    List<Pseudonym> expected = new ArrayList<>();
    active.forEach(p -> expected.addAll(List.of(p, p)));
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(facePay.enrolledTemplates().iterator())
        .toIterable()
        .extracting(e -> e.template().modelId())
        .containsOnly("m", "n");
    assertThat(Optional.of(facePay.counts().get(FacePayState.PAUSED))).contains(1L);
  }
}
