package org.facefare.gate.authority;

import java.util.List;

/**
 * Where the gate key register is kept: the gates' current state and the append-only record of every
 * change.
 *
 * <p>{@link #save} writes a gate's new state and the change that produced it atomically, and only
 * if the stored gate is still at {@code expectedVersion} (0: absent), so two processes sharing one
 * database cannot overwrite each other's changes unseen.
 */
public interface GateKeyStore {

  /** Every gate stored, revoked ones included. */
  List<RegisteredGate> load();

  /**
   * Stores {@code gate} and appends {@code change}, in one transaction.
   *
   * @param expectedVersion the stored gate's version before the change (0: not stored yet)
   * @throws ConcurrentGateKeyChangeException if the stored version is not {@code expectedVersion}
   */
  void save(RegisteredGate gate, long expectedVersion, GateKeyChange change);

  /** The changes made to {@code gateId}, oldest first (empty for an unknown gate). */
  List<GateKeyChange> history(String gateId);

  /** A store that keeps the register in memory only (it ends with the process). */
  static GateKeyStore inMemory() {
    return new MemoryGateKeyStore();
  }
}
