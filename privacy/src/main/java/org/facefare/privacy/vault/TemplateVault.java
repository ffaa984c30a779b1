package org.facefare.privacy.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.spec.SecretKeySpec;
import org.facefare.face.Template;
import org.facefare.privacy.Canonical;
import org.facefare.privacy.Pseudonym;

/**
 * The encrypted store of enrolled face templates: each template sealed with AES-256-GCM under its
 * rider's own data key, that key wrapped by a master key and kept in a key store apart from the
 * database; erasing a rider destroys the key, so every copy of the ciphertext, in the database, its
 * write-ahead log or any backup, is unreadable for good.
 *
 * <p>This is envelope encryption (NIST SP 800-57 Part 1 Rev. 5 §6.2 key-wrapping keys; the pattern
 * of AWS KMS "envelope encryption") with crypto-shredding by key destruction (cryptographic erase,
 * NIST SP 800-88 Rev. 1 §2.6). The data key is per rider so that destroying it erases exactly one
 * rider; the master key is only ever used to wrap data keys, so it can be rotated online: a new
 * version becomes current, every data key is re-wrapped in place, and both versions stay readable
 * until the old one is retired. The associated data of a template binds its ciphertext to the rider
 * and the model ({@code "facefare-template-v1", pseudonym, model id}); that of a wrapped key binds
 * it to the rider, so neither can be moved to another rider's row and still open. Templates are
 * never listed: the vault answers for named riders only.
 */
public final class TemplateVault {

  private static final String TEMPLATE_AD = "facefare-template-v1";
  private static final String KEY_AD = "facefare-data-key-v1";

  private final TemplateCiphertexts ciphertexts;
  private final RiderKeyStore keys;
  private final MasterKeyRing masters;
  private final SecureRandom random;
  private final Clock clock;

  /**
   * Makes a vault.
   *
   * @param ciphertexts where sealed templates live (the database)
   * @param keys where wrapped data keys live (apart from the database)
   * @param masters the master key versions
   * @param random the source of data keys and nonces
   * @param clock the clock that stamps tombstones
   */
  public TemplateVault(
      TemplateCiphertexts ciphertexts,
      RiderKeyStore keys,
      MasterKeyRing masters,
      SecureRandom random,
      Clock clock) {
    this.ciphertexts = Objects.requireNonNull(ciphertexts, "ciphertexts");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.masters = Objects.requireNonNull(masters, "masters");
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Seals and stores the rider's template, making the rider's data key on first use.
   *
   * @throws RiderKeyStore.ErasedException if the pseudonym was erased
   */
  public void put(Pseudonym rider, Template template) {
    Objects.requireNonNull(template, "template");
    byte[] dataKey = keys.get(rider).map(this::unwrap).orElseGet(() -> newDataKey(rider));
    try {
      byte[] sealed =
          Aead.seal(
              new SecretKeySpec(dataKey, "AES"),
              template.toBytes(),
              templateContext(rider, template.modelId()),
              random);
      ciphertexts.put(new SealedTemplate(rider, template.modelId(), sealed));
    } finally {
      Arrays.fill(dataKey, (byte) 0);
    }
  }

  /**
   * The riders' templates, by rider; a rider without a data key (erased, perhaps restored from a
   * backup since) has none.
   *
   * @throws VaultException if a ciphertext does not open under its rider's key
   */
  public Map<Pseudonym, List<Template>> open(Collection<Pseudonym> riders) {
    Map<Pseudonym, List<Template>> out = new HashMap<>();
    Map<Pseudonym, byte[]> dataKeys = new HashMap<>();
    try {
      for (SealedTemplate s : ciphertexts.of(riders)) {
        byte[] dataKey =
            dataKeys.computeIfAbsent(s.rider(), r -> keys.get(r).map(this::unwrap).orElse(null));
        if (dataKey == null) {
          continue;
        }
        out.computeIfAbsent(s.rider(), r -> new ArrayList<>()).add(open(s, dataKey));
      }
    } finally {
      dataKeys.values().forEach(k -> Arrays.fill(k, (byte) 0));
    }
    return out;
  }

  /** The rider's templates (none if erased). */
  public List<Template> open(Pseudonym rider) {
    return open(List.of(rider)).getOrDefault(rider, List.of());
  }

  /**
   * Erases the rider for good: destroys the data key (leaving a tombstone), then deletes the
   * ciphertexts. Idempotent.
   *
   * @return the model ids whose ciphertexts were deleted now
   */
  public List<String> shred(Pseudonym rider) {
    keys.destroy(rider, clock.instant());
    return ciphertexts.delete(rider);
  }

  /** When the rider's templates were erased, if they were. */
  public Optional<Instant> erasedAt(Pseudonym rider) {
    return keys.erasedAt(rider);
  }

  /**
   * Makes {@code next} the current master key and re-wraps every data key under it, while reads and
   * writes go on: a data key wrapped by either version stays readable throughout.
   *
   * @return the number of data keys re-wrapped
   */
  public int rotateMasterKey(KeyEncryptionKey next) {
    masters.promote(next);
    AtomicInteger rewrapped = new AtomicInteger();
    keys.forEach(
        wrapped -> {
          if (wrapped.masterKeyId().equals(next.id())) {
            return;
          }
          byte[] dataKey = unwrap(wrapped);
          try {
            WrappedKey again =
                new WrappedKey(
                    wrapped.rider(), next.id(), next.wrap(dataKey, keyContext(wrapped.rider())));
            if (keys.replace(wrapped, again)) {
              rewrapped.incrementAndGet();
            }
          } finally {
            Arrays.fill(dataKey, (byte) 0);
          }
        });
    return rewrapped.get();
  }

  /**
   * Retires a master key version once no data key is wrapped by it: from then on the vault cannot
   * read it, and neither can any old copy of the key store wrapped by it.
   *
   * @throws IllegalArgumentException if it is the current key
   * @throws IllegalStateException if data keys are still wrapped by it
   */
  public void retireMasterKey(String id) {
    if (masters.current().id().equals(id)) {
      throw new IllegalArgumentException(
          "master key " + id + " is current and cannot be retired; rotate to a new one first");
    }
    AtomicInteger still = new AtomicInteger();
    keys.forEach(
        k -> {
          if (k.masterKeyId().equals(id)) {
            still.incrementAndGet();
          }
        });
    if (still.get() > 0) {
      throw new IllegalStateException(
          still.get() + " data keys are still wrapped by master key " + id + "; rotate first");
    }
    masters.forget(id);
  }

  private byte[] newDataKey(Pseudonym rider) {
    byte[] dataKey = new byte[Aead.KEY_BYTES];
    random.nextBytes(dataKey);
    KeyEncryptionKey master = masters.current();
    keys.create(new WrappedKey(rider, master.id(), master.wrap(dataKey, keyContext(rider))));
    return dataKey;
  }

  private byte[] unwrap(WrappedKey wrapped) {
    return masters
        .get(wrapped.masterKeyId())
        .unwrap(wrapped.wrapped(), keyContext(wrapped.rider()));
  }

  private static Template open(SealedTemplate s, byte[] dataKey) {
    byte[] plain;
    try {
      plain =
          Aead.open(
              new SecretKeySpec(dataKey, "AES"),
              s.sealed(),
              templateContext(s.rider(), s.modelId()));
    } catch (GeneralSecurityException e) {
      throw new VaultException(
          "the " + s.modelId() + " template of " + s.rider() + " does not open under its key", e);
    }
    try {
      return Template.fromBytes(plain);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  static byte[] templateContext(Pseudonym rider, String modelId) {
    return Canonical.tagged(TEMPLATE_AD).text(rider.value()).text(modelId).toBytes();
  }

  static byte[] keyContext(Pseudonym rider) {
    return Canonical.tagged(KEY_AD).bytes(rider.value().getBytes(StandardCharsets.UTF_8)).toBytes();
  }
}
