package org.facefare.privacy.vault;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.facefare.privacy.Pseudonym;

/**
 * Where riders' wrapped data keys live: apart from the database and outside its backups, so that
 * destroying a key here makes every copy of the rider's ciphertext, backups included, unreadable
 * (cryptographic erase, NIST SP 800-88 Rev. 1 §2.6). An erased rider leaves a tombstone, so a key
 * is never made again for that pseudonym and a restored backup can be recognised.
 */
public interface RiderKeyStore {

  /**
   * Stores a new rider's key.
   *
   * @throws IllegalStateException if the rider has a key already
   * @throws ErasedException if the rider was erased
   */
  void create(WrappedKey key);

  /** The rider's key, unless there is none. */
  Optional<WrappedKey> get(Pseudonym rider);

  /**
   * Replaces the rider's key with a re-wrap of it, if it is still {@code expected}.
   *
   * @return whether it was replaced (false if it changed or was destroyed meanwhile)
   */
  boolean replace(WrappedKey expected, WrappedKey next);

  /**
   * Destroys the rider's key for good and leaves a tombstone.
   *
   * @return whether there was a key to destroy
   */
  boolean destroy(Pseudonym rider, Instant when);

  /** When the rider was erased, if they were. */
  Optional<Instant> erasedAt(Pseudonym rider);

  /** Visits every stored key (for rotation). */
  void forEach(Consumer<WrappedKey> action);

  /** Thrown when a key is asked for a pseudonym that was erased. */
  final class ErasedException extends RuntimeException {

    /** Makes one for the rider. */
    public ErasedException(Pseudonym rider, Instant when) {
      super(
          "pseudonym "
              + rider
              + " was erased at "
              + when
              + " and is never reused; enrol under a new pseudonym");
    }
  }
}
