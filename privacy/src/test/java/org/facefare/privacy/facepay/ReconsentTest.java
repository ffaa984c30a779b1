package org.facefare.privacy.facepay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new consent text on real PostgreSQL: riders who agreed to the old one leave the galleries until
 * they accept the new one; declining erases their face with a receipt that is kept for them.
 */
class ReconsentTest {

  @TempDir static Path shared;
  static Postgres pg;

  @TempDir Path dir;
  final TestClock clock = new TestClock(Instant.parse("2026-04-01T09:00:00Z"));
  final Random faces = new Random(5);
  final MemoryGallery gallery = new MemoryGallery("main");
  final ConsentText v1 = ConsentTexts.bundled().current();
  final ConsentText v2 =
      new ConsentText(
          2,
          v1.text().replace("version 1", "version 2")
              + "\nVersion 2 adds: gates of the new tram line use face pay too.\n");
  final SigningKey receiptKey = SigningKey.generate(TestRandom.seeded(41));

  @BeforeAll
  static void start() {
    pg = Postgres.start(shared.resolve("pg"));
  }

  @AfterAll
  static void stop() {
    pg.close();
  }

  private FacePay facePay(ConsentTexts texts, TemplateVault vault) {
    return new FacePay(
        texts,
        pg.privacy.enrolments(),
        vault,
        List.of(gallery),
        receiptKey,
        clock,
        TestRandom.seeded(43),
        2);
  }

  @Test
  void aNewTextHoldsActiveRidersUntilTheyAcceptAndDecliningErases() throws Exception {
    pg.truncate();
    TemplateVault vault =
        new TemplateVault(
            pg.privacy.templates(),
            new FileRiderKeyStore(dir.resolve("keys")),
            new MasterKeyRing(AesKeyEncryptionKey.generate("m1", TestRandom.seeded(42)), List.of()),
            TestRandom.seeded(44),
            clock);
    FacePay old = facePay(new ConsentTexts(List.of(v1)), vault);
    Pseudonym anna = new Pseudonym("anna");
    Pseudonym boris = new Pseudonym("boris");
    Pseudonym clara = new Pseudonym("clara");
    Pseudonym dmitri = new Pseudonym("dmitri");
    Template annaFace = Faces.random("m", faces);
    old.enrol(anna, ConsentAnswer.agreeTo(v1), List.of(annaFace));
    for (Pseudonym r : List.of(boris, clara, dmitri)) {
      old.enrol(r, ConsentAnswer.agreeTo(v1), List.of(Faces.random("m", faces)));
    }
    old.pause(clara);
    assertThat(old.holdOutdatedConsents()).isZero();

    // Version 2 is published: the next start holds every active rider who agreed to version 1.
    clock.advance(Duration.ofDays(3));
    FacePay facePay = facePay(new ConsentTexts(List.of(v1, v2)), vault);
    assertThat(facePay.consentIsCurrent(anna)).isFalse();
    assertThat(facePay.holdOutdatedConsents()).isEqualTo(3);
    assertThat(facePay.holdOutdatedConsents()).isZero();
    for (Pseudonym r : List.of(anna, boris, dmitri)) {
      assertThat(facePay.state(r)).contains(FacePayState.AWAITING_CONSENT);
      assertThat(gallery.contains(r)).isFalse();
    }
    assertThat(facePay.state(clara)).contains(FacePayState.PAUSED);
    assertThat(facePay.enrolledTemplates()).isEmpty();
    assertThatThrownBy(() -> facePay.resume(clara))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("accept version 2 first");
    assertThatThrownBy(() -> facePay.pause(anna)).hasMessageContaining("awaiting_consent");

    // Accepting needs an explicit yes to version 2 and brings the rider back without a selfie.
    assertThatThrownBy(() -> facePay.reconsent(anna, ConsentAnswer.agreeTo(v1)))
        .hasMessageContaining("current version is 2");
    assertThatThrownBy(() -> facePay.reconsent(anna, new ConsentAnswer(2, v2.sha256(), false)))
        .hasMessageContaining("explicit consent");
    assertThat(gallery.contains(anna)).isFalse();
    ConsentRecord again = facePay.reconsent(anna, ConsentAnswer.agreeTo(v2));
    assertThat(again.version()).isEqualTo(2);
    assertThat(facePay.state(anna)).contains(FacePayState.ACTIVE);
    assertThat(gallery.of(anna)).containsValue(annaFace);
    assertThat(facePay.consents(anna)).extracting(ConsentRecord::version).containsExactly(1, 2);
    assertThat(facePay.consentIsCurrent(anna)).isTrue();
    assertThatThrownBy(() -> facePay.reconsent(anna, ConsentAnswer.agreeTo(v2)))
        .hasMessageContaining("already consented to version 2");

    // A paused rider who accepts stays paused until they resume.
    facePay.reconsent(clara, ConsentAnswer.agreeTo(v2));
    assertThat(facePay.state(clara)).contains(FacePayState.PAUSED);
    assertThat(gallery.contains(clara)).isFalse();
    facePay.resume(clara);
    assertThat(gallery.contains(clara)).isTrue();

    // Declining is withdrawal: the face is erased and the signed receipt is kept for the rider.
    EraseReceipt receipt = facePay.declineNewConsent(boris);
    assertThat(receipt.verifies(facePay.receiptKey())).isTrue();
    assertThat(facePay.state(boris)).isEmpty();
    assertThat(gallery.contains(boris)).isFalse();
    assertThat(facePay.consents(boris)).allSatisfy(c -> assertThat(c.withdrawnAt()).isPresent());
    assertThat(facePay.receipts(boris)).containsExactly(receipt);
    assertThat(facePay.receipts(anna)).isEmpty();
    assertThatThrownBy(() -> facePay.reconsent(boris, ConsentAnswer.agreeTo(v2)))
        .hasMessageContaining("not enrolled");

    // Only riders consented to the current text are loaded into a gallery at start.
    assertThat(facePay.enrolledTemplates())
        .extracting(EnrolledTemplate::rider)
        .containsExactlyInAnyOrder(anna, clara);
    assertThatThrownBy(
            () ->
                facePay.enrol(
                    new Pseudonym("eva"),
                    ConsentAnswer.agreeTo(v1),
                    List.of(Faces.random("m", faces))))
        .hasMessageContaining("current version is 2");
  }
}
