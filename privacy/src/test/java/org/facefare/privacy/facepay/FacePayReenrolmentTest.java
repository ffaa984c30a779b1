package org.facefare.privacy.facepay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
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

/** Re-enrolment replaces a rider's template in the vault and the galleries, on real PostgreSQL. */
class FacePayReenrolmentTest {

  @TempDir static Path shared;
  static Postgres pg;

  @TempDir Path dir;
  final TestClock clock = new TestClock(Instant.parse("2026-04-01T09:00:00Z"));
  final Random faces = new Random(5);
  final MemoryGallery gallery = new MemoryGallery("main");
  TemplateVault vault;
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
    vault =
        new TemplateVault(
            pg.privacy.templates(),
            new FileRiderKeyStore(dir.resolve("keys")),
            new MasterKeyRing(AesKeyEncryptionKey.generate("m1", TestRandom.seeded(42)), List.of()),
            TestRandom.seeded(43),
            clock);
    facePay =
        new FacePay(
            ConsentTexts.bundled(),
            pg.privacy.enrolments(),
            vault,
            List.of(gallery),
            SigningKey.generate(TestRandom.seeded(44)),
            clock,
            TestRandom.seeded(45));
  }

  @Test
  void anActiveRidersNewTemplateReplacesTheOldInTheVaultAndTheGallery() {
    Pseudonym anna = new Pseudonym("anna");
    Template first = Faces.random("m", faces);
    facePay.enrol(anna, ConsentAnswer.agreeTo(ConsentTexts.bundled().current()), List.of(first));
    Template second = Faces.random("m", faces);

    facePay.replaceTemplates(anna, List.of(second));

    assertThat(vault.open(anna)).containsExactly(second);
    assertThat(gallery.of(anna)).containsEntry("m", second).hasSize(1);
    assertThat(facePay.consents(anna)).hasSize(1);
    assertThat(facePay.state(anna)).contains(FacePayState.ACTIVE);
  }

  @Test
  void aPausedRiderStaysOutOfTheGalleryAndResumesWithTheNewTemplate() {
    Pseudonym ben = new Pseudonym("ben");
    facePay.enrol(
        ben,
        ConsentAnswer.agreeTo(ConsentTexts.bundled().current()),
        List.of(Faces.random("m", faces)));
    facePay.pause(ben);
    Template fresh = Faces.random("m", faces);

    facePay.replaceTemplates(ben, List.of(fresh));
    assertThat(gallery.contains(ben)).isFalse();

    facePay.resume(ben);
    assertThat(gallery.of(ben)).containsEntry("m", fresh);
  }

  @Test
  void badReenrolmentsChangeNothing() {
    Pseudonym cleo = new Pseudonym("cleo");
    assertThatThrownBy(() -> facePay.replaceTemplates(cleo, List.of(Faces.random("m", faces))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not enrolled");
    Template kept = Faces.random("m", faces);
    facePay.enrol(cleo, ConsentAnswer.agreeTo(ConsentTexts.bundled().current()), List.of(kept));
    assertThatThrownBy(() -> facePay.replaceTemplates(cleo, List.of()))
        .hasMessageContaining("at least one template");
    assertThatThrownBy(() -> facePay.replaceTemplates(cleo, List.of(Faces.random("other", faces))))
        .hasMessageContaining("no template of model other");
    assertThatThrownBy(
            () ->
                facePay.replaceTemplates(
                    cleo, List.of(Faces.random("m", faces), Faces.random("m", faces))))
        .hasMessageContaining("two templates");
    assertThat(vault.open(cleo)).containsExactly(kept);
    assertThat(gallery.of(cleo)).containsEntry("m", kept);

    facePay.erase(cleo);
    assertThatThrownBy(() -> facePay.replaceTemplates(cleo, List.of(kept)))
        .isInstanceOf(IllegalStateException.class);
  }
}
