package org.facefare.privacy.facepay;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.facefare.face.Template;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.consent.ConsentAnswer;
import org.facefare.privacy.consent.ConsentRecord;
import org.facefare.privacy.consent.ConsentText;
import org.facefare.privacy.consent.ConsentTexts;
import org.facefare.privacy.signing.SigningKey;
import org.facefare.privacy.signing.VerifyingKey;
import org.facefare.privacy.vault.TemplateVault;
import org.facefare.privacy.vault.VaultException;

/**
 * A rider's face pay from consent to erasure: enrolment on an explicit yes to the current consent
 * text, pause and resume, and erasure (which is what withdrawing consent does), keeping the vault,
 * the consent records and every gallery in step.
 *
 * <p>Erasure runs in the order that fails safe: the enrolment ends first (no index rebuild can load
 * the rider again), then the data key is destroyed (nothing can decrypt the template again), then
 * every gallery drops the rider, and only when all confirmed is a signed receipt returned. Each
 * step is idempotent, so an erasure interrupted anywhere is finished by calling it again.
 */
public final class FacePay {

  private static final int PAGE = 500;

  private final int pageSize;

  private final ConsentTexts texts;
  private final EnrolmentRecords records;
  private final TemplateVault vault;
  private final List<GalleryMembership> galleries;
  private final SigningKey receiptKey;
  private final Clock clock;
  private final SecureRandom random;

  /**
   * Wires face pay.
   *
   * @param texts the published consent texts
   * @param records consent and state records
   * @param vault the template vault
   * @param galleries every gallery a rider can be matched in
   * @param receiptKey the key that signs erase receipts
   * @param clock the clock consents and erasures are stamped with
   * @param random the source of receipt ids
   */
  public FacePay(
      ConsentTexts texts,
      EnrolmentRecords records,
      TemplateVault vault,
      List<? extends GalleryMembership> galleries,
      SigningKey receiptKey,
      Clock clock,
      SecureRandom random) {
    this(texts, records, vault, galleries, receiptKey, clock, random, PAGE);
  }

  FacePay(
      ConsentTexts texts,
      EnrolmentRecords records,
      TemplateVault vault,
      List<? extends GalleryMembership> galleries,
      SigningKey receiptKey,
      Clock clock,
      SecureRandom random,
      int pageSize) {
    this.pageSize = pageSize;
    this.texts = Objects.requireNonNull(texts, "texts");
    this.records = Objects.requireNonNull(records, "records");
    this.vault = Objects.requireNonNull(vault, "vault");
    this.galleries = List.copyOf(galleries);
    this.receiptKey = Objects.requireNonNull(receiptKey, "receiptKey");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Enrols a rider who explicitly agreed to the current consent text: seals the templates into the
   * vault, records the consent with its version and time, and adds the rider to every gallery.
   *
   * @param templates one template per model, made from the enrolment selfie (never the photo)
   * @throws IllegalArgumentException if the answer is not an explicit yes to the current text, or
   *     the templates are empty or repeat a model
   * @throws IllegalStateException if the rider is enrolled already
   */
  public ConsentRecord enrol(Pseudonym rider, ConsentAnswer answer, List<Template> templates) {
    Objects.requireNonNull(rider, "rider");
    ConsentText current = checkConsent(answer);
    if (templates.isEmpty()) {
      throw new IllegalArgumentException("an enrolment needs at least one template");
    }
    Set<String> models = new HashSet<>();
    for (Template t : templates) {
      if (!models.add(t.modelId())) {
        throw new IllegalArgumentException("two templates of model " + t.modelId());
      }
    }
    if (records.state(rider).isPresent()) {
      throw new IllegalStateException("rider " + rider + " is enrolled already");
    }
    for (Template t : templates) {
      vault.put(rider, t);
    }
    ConsentRecord consent =
        new ConsentRecord(
            rider, current.version(), current.sha256(), clock.instant(), Optional.empty());
    records.enrol(consent);
    for (GalleryMembership g : galleries) {
      for (Template t : templates) {
        g.enrol(rider, t);
      }
    }
    return consent;
  }

  private ConsentText checkConsent(ConsentAnswer answer) {
    Objects.requireNonNull(answer, "answer");
    ConsentText current = texts.current();
    if (!answer.agreed()) {
      throw new IllegalArgumentException(
          "face pay needs the rider's explicit consent; the rider did not agree");
    }
    if (answer.version() != current.version()) {
      throw new IllegalArgumentException(
          "the rider answered consent text version "
              + answer.version()
              + ", but the current version is "
              + current.version()
              + "; show the current text");
    }
    if (!answer.textSha256().equalsIgnoreCase(current.sha256())) {
      throw new IllegalArgumentException(
          "the consent text the rider was shown (SHA-256 "
              + answer.textSha256()
              + ") is not the published version "
              + current.version());
    }
    return current;
  }

  /**
   * Whether the rider's newest consent is to the current text. A rider enrolled under an older text
   * must accept the current one ({@link #reconsent}) before their face is matched again, or decline
   * it ({@link #declineNewConsent}), which erases their face.
   */
  public boolean consentIsCurrent(Pseudonym rider) {
    return records.consents(rider).stream()
            .filter(c -> c.withdrawnAt().isEmpty())
            .mapToInt(ConsentRecord::version)
            .max()
            .orElse(0)
        == texts.current().version();
  }

  /**
   * Holds every active rider whose consent is to an older text than the current one: each leaves
   * every gallery and waits in {@link FacePayState#AWAITING_CONSENT}. Run at start, before the
   * galleries are loaded, and whenever a new text is published; paused riders stay paused and can
   * resume only after accepting.
   *
   * @return the number of riders held
   */
  public int holdOutdatedConsents() {
    int version = texts.current().version();
    int n = 0;
    Optional<Pseudonym> after = Optional.empty();
    for (List<Pseudonym> page =
            records.consentedBefore(version, FacePayState.ACTIVE, after, pageSize);
        !page.isEmpty();
        page = records.consentedBefore(version, FacePayState.ACTIVE, after, pageSize)) {
      after = Optional.of(page.getLast());
      for (Pseudonym rider : page) {
        if (records.move(
            rider, FacePayState.ACTIVE, FacePayState.AWAITING_CONSENT, clock.instant())) {
          for (GalleryMembership g : galleries) {
            g.remove(rider);
          }
          n++;
        }
      }
    }
    return n;
  }

  /**
   * Records an enrolled rider's explicit yes to the current consent text; a rider held for it
   * returns to every gallery from the vault (no new selfie), a paused rider stays paused.
   *
   * @throws IllegalArgumentException if the answer is not an explicit yes to the current text
   * @throws IllegalStateException if the rider is not enrolled or already consented to it
   */
  public ConsentRecord reconsent(Pseudonym rider, ConsentAnswer answer) {
    Objects.requireNonNull(rider, "rider");
    ConsentText current = checkConsent(answer);
    if (records.state(rider).isEmpty()) {
      throw new IllegalStateException("rider " + rider + " is not enrolled for face pay");
    }
    if (consentIsCurrent(rider)) {
      throw new IllegalStateException(
          "rider " + rider + " already consented to version " + current.version());
    }
    ConsentRecord consent =
        new ConsentRecord(
            rider, current.version(), current.sha256(), clock.instant(), Optional.empty());
    records.addConsent(consent);
    if (records.state(rider).filter(s -> s == FacePayState.AWAITING_CONSENT).isPresent()) {
      List<Template> templates = vault.open(rider);
      if (templates.isEmpty()) {
        throw new VaultException("rider " + rider + " has no readable template to return with");
      }
      if (records.move(
          rider, FacePayState.AWAITING_CONSENT, FacePayState.ACTIVE, clock.instant())) {
        for (GalleryMembership g : galleries) {
          for (Template t : templates) {
            g.enrol(rider, t);
          }
        }
      }
    }
    return consent;
  }

  /**
   * The rider says no to the new consent text: as with any withdrawal, their face is erased.
   *
   * @throws IllegalArgumentException if the pseudonym never enrolled
   */
  public EraseReceipt declineNewConsent(Pseudonym rider) {
    return erase(rider);
  }

  /**
   * Pauses face pay: the rider leaves every gallery before this returns; the template stays.
   *
   * @throws IllegalStateException if the rider's face pay is not active
   */
  public void pause(Pseudonym rider) {
    if (!records.move(rider, FacePayState.ACTIVE, FacePayState.PAUSED, clock.instant())) {
      throw new IllegalStateException(
          "face pay of " + rider + " is not active (it is " + describe(rider) + ")");
    }
    for (GalleryMembership g : galleries) {
      g.remove(rider);
    }
  }

  /**
   * Resumes paused face pay from the vault, without a new selfie.
   *
   * @throws IllegalStateException if the rider's face pay is not paused, or the consent text
   *     changed since the rider agreed (see {@link #reconsent})
   */
  public void resume(Pseudonym rider) {
    if (records.state(rider).filter(s -> s == FacePayState.PAUSED).isEmpty()) {
      throw new IllegalStateException(
          "face pay of " + rider + " is not paused (it is " + describe(rider) + ")");
    }
    if (!consentIsCurrent(rider)) {
      throw new IllegalStateException(
          "the consent text changed since rider "
              + rider
              + " agreed: accept version "
              + texts.current().version()
              + " first");
    }
    List<Template> templates = vault.open(rider);
    if (templates.isEmpty()) {
      throw new VaultException("rider " + rider + " has no readable template to resume with");
    }
    if (!records.move(rider, FacePayState.PAUSED, FacePayState.ACTIVE, clock.instant())) {
      throw new IllegalStateException(
          "face pay of " + rider + " changed while resuming (it is " + describe(rider) + ")");
    }
    for (GalleryMembership g : galleries) {
      for (Template t : templates) {
        g.enrol(rider, t);
      }
    }
  }

  /**
   * Re-enrolment: replaces an enrolled rider's templates with ones made from a new selfie, under
   * the consent already given. Each template overwrites the vault's template of its model; an
   * active rider's galleries are updated before this returns, a paused rider's stay untouched until
   * resume (which reads the new templates).
   *
   * @throws IllegalArgumentException if the templates are empty, repeat a model, or are of a model
   *     the rider has no template of (a new model is a new enrolment's business)
   * @throws IllegalStateException if the rider is not enrolled (never, or erased)
   */
  public void replaceTemplates(Pseudonym rider, List<Template> templates) {
    Objects.requireNonNull(rider, "rider");
    Optional<FacePayState> state = records.state(rider);
    if (state.isEmpty()) {
      throw new IllegalStateException(
          "rider " + rider + " is not enrolled: enrol (with consent) instead of re-enrolling");
    }
    if (templates.isEmpty()) {
      throw new IllegalArgumentException("a re-enrolment needs at least one template");
    }
    Set<String> held = new HashSet<>();
    for (Template t : vault.open(rider)) {
      held.add(t.modelId());
    }
    Set<String> models = new HashSet<>();
    for (Template t : templates) {
      if (!models.add(t.modelId())) {
        throw new IllegalArgumentException("two templates of model " + t.modelId());
      }
      if (!held.contains(t.modelId())) {
        throw new IllegalArgumentException(
            "rider " + rider + " has no template of model " + t.modelId() + " to replace");
      }
    }
    for (Template t : templates) {
      vault.put(rider, t);
    }
    if (state.get() == FacePayState.ACTIVE) {
      for (GalleryMembership g : galleries) {
        for (Template t : templates) {
          g.enrol(rider, t);
        }
      }
    }
  }

  /**
   * Withdraws the rider's consent, which erases their face: see {@link #erase}.
   *
   * @throws IllegalArgumentException if the pseudonym never enrolled
   */
  public EraseReceipt withdrawConsent(Pseudonym rider) {
    return erase(rider);
  }

  /**
   * Erases the rider's face for good and returns a signed receipt: the consent is withdrawn and the
   * enrolment ended, the data key destroyed and the ciphertexts deleted, and the rider removed from
   * every gallery before this returns.
   *
   * @throws IllegalArgumentException if the pseudonym never enrolled
   * @throws ErasureIncompleteException if a gallery failed to remove the rider (retry)
   */
  public EraseReceipt erase(Pseudonym rider) {
    Objects.requireNonNull(rider, "rider");
    if (records.state(rider).isEmpty()
        && records.consents(rider).isEmpty()
        && vault.erasedAt(rider).isEmpty()) {
      throw new IllegalArgumentException("pseudonym " + rider + " never enrolled for face pay");
    }
    records.withdraw(rider, clock.instant());
    vault.shred(rider);
    List<String> failed = new ArrayList<>();
    RuntimeException first = null;
    for (GalleryMembership g : galleries) {
      try {
        g.remove(rider);
      } catch (RuntimeException e) {
        failed.add(g.name());
        first = first == null ? e : first;
      }
    }
    if (!failed.isEmpty()) {
      throw new ErasureIncompleteException(rider, failed, first);
    }
    byte[] id = new byte[16];
    random.nextBytes(id);
    Instant erasedAt = vault.erasedAt(rider).orElseThrow();
    EraseReceipt receipt =
        EraseReceipt.sign(
            HexFormat.of().formatHex(id), rider, erasedAt, galleries.size(), receiptKey);
    records.saveReceipt(receipt);
    return receipt;
  }

  /** Every erase receipt handed to the rider, oldest first (for the rider's own data export). */
  public List<EraseReceipt> receipts(Pseudonym rider) {
    return records.receipts(Objects.requireNonNull(rider, "rider"));
  }

  /** The key that checks erase receipts. */
  public VerifyingKey receiptKey() {
    return receiptKey.verifyingKey();
  }

  /** The rider's face-pay state; empty if not enrolled (never, or erased). */
  public Optional<FacePayState> state(Pseudonym rider) {
    return records.state(rider);
  }

  /** Every consent the rider gave, with version and time. */
  public List<ConsentRecord> consents(Pseudonym rider) {
    return records.consents(rider);
  }

  /** The number of enrolled riders in each state: an aggregate, for staff. */
  public Map<FacePayState, Long> counts() {
    return records.counts();
  }

  /**
   * Every active rider's templates, read page by page: the source of truth an index loader rebuilds
   * a gallery from, and the only way templates are ever enumerated. Paused and erased riders are
   * not in it; an active rider whose key is gone (a backup restored after their erasure) is
   * skipped.
   */
  public Iterable<EnrolledTemplate> enrolledTemplates() {
    return () -> new Pages();
  }

  /**
   * Finishes, after a database backup was restored, every erasure the backup predates: a rider
   * whose key store tombstone says erased but whom the restored database still lists is withdrawn
   * and their ciphertexts deleted again. Run it after every restore, before serving.
   *
   * @return the number of riders whose erasure was re-applied
   */
  public int reapplyErasures() {
    int n = 0;
    Optional<Pseudonym> after = Optional.empty();
    for (List<Pseudonym> page = records.enrolled(Optional.empty(), after, pageSize);
        !page.isEmpty();
        page = records.enrolled(Optional.empty(), after, pageSize)) {
      after = Optional.of(page.getLast());
      for (Pseudonym rider : page) {
        Optional<Instant> erased = vault.erasedAt(rider);
        if (erased.isPresent()) {
          records.withdraw(rider, erased.get());
          vault.shred(rider);
          for (GalleryMembership g : galleries) {
            g.remove(rider);
          }
          n++;
        }
      }
    }
    return n;
  }

  private String describe(Pseudonym rider) {
    return records
        .state(rider)
        .map(s -> s.name().toLowerCase(java.util.Locale.ROOT))
        .orElse("not enrolled");
  }

  /** The active riders' templates, a page of riders at a time. */
  private final class Pages implements Iterator<EnrolledTemplate> {

    private Optional<Pseudonym> after = Optional.empty();
    private Iterator<EnrolledTemplate> page = java.util.Collections.emptyIterator();
    private boolean last;

    @Override
    public boolean hasNext() {
      while (!page.hasNext() && !last) {
        List<Pseudonym> riders =
            records.enrolled(Optional.of(FacePayState.ACTIVE), after, pageSize);
        last = riders.size() < pageSize;
        if (riders.isEmpty()) {
          break;
        }
        after = Optional.of(riders.getLast());
        Map<Pseudonym, List<Template>> opened = vault.open(riders);
        List<EnrolledTemplate> out = new ArrayList<>();
        for (Pseudonym r : riders) {
          for (Template t : opened.getOrDefault(r, List.of())) {
            out.add(new EnrolledTemplate(r, t));
          }
        }
        page = out.iterator();
      }
      return page.hasNext();
    }

    @Override
    public EnrolledTemplate next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return page.next();
    }
  }
}
