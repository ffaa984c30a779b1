package org.facefare.privacy.vault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The master key versions a vault can read, with the one that wraps new data keys: during a
 * rotation both the old and the new version are here, so every data key stays readable.
 */
public final class MasterKeyRing {

  private record State(KeyEncryptionKey current, Map<String, KeyEncryptionKey> readable) {}

  private volatile State state;

  /**
   * A ring whose current key is {@code current}, able to read {@code older} too.
   *
   * @throws IllegalArgumentException if two keys share an id
   */
  public MasterKeyRing(KeyEncryptionKey current, List<? extends KeyEncryptionKey> older) {
    Objects.requireNonNull(current, "current");
    Map<String, KeyEncryptionKey> readable = new LinkedHashMap<>();
    readable.put(current.id(), current);
    for (KeyEncryptionKey k : older) {
      if (readable.putIfAbsent(k.id(), k) != null) {
        throw new IllegalArgumentException("two master keys have the id " + k.id());
      }
    }
    this.state = new State(current, Map.copyOf(readable));
  }

  /** The key that wraps new data keys. */
  public KeyEncryptionKey current() {
    return state.current;
  }

  /**
   * The key with {@code id}.
   *
   * @throws VaultException if it is not loaded (retired, or missing from the configuration)
   */
  public KeyEncryptionKey get(String id) {
    KeyEncryptionKey k = state.readable.get(id);
    if (k == null) {
      throw new VaultException(
          "master key " + id + " is not loaded (loaded: " + state.readable.keySet() + ")");
    }
    return k;
  }

  /**
   * Makes {@code next} the current key, keeping the others readable.
   *
   * @throws IllegalArgumentException if a different key with the same id is loaded
   */
  synchronized void promote(KeyEncryptionKey next) {
    KeyEncryptionKey existing = state.readable.get(next.id());
    if (existing != null && existing != next) {
      throw new IllegalArgumentException(
          "a different master key with id " + next.id() + " is loaded");
    }
    Map<String, KeyEncryptionKey> readable = new LinkedHashMap<>(state.readable);
    readable.put(next.id(), next);
    state = new State(next, Map.copyOf(readable));
  }

  /**
   * Forgets a key that no longer wraps anything.
   *
   * @throws IllegalArgumentException if it is the current key
   */
  synchronized void forget(String id) {
    if (state.current.id().equals(id)) {
      throw new IllegalArgumentException("master key " + id + " is current and cannot be retired");
    }
    Map<String, KeyEncryptionKey> readable = new LinkedHashMap<>(state.readable);
    readable.remove(id);
    state = new State(state.current, Map.copyOf(readable));
  }
}
