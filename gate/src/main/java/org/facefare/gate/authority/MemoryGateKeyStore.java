package org.facefare.gate.authority;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The gate key register kept in memory only, for a single process that need not survive. */
final class MemoryGateKeyStore implements GateKeyStore {

  private final Map<String, RegisteredGate> gates = new LinkedHashMap<>();
  private final List<GateKeyChange> changes = new ArrayList<>();

  @Override
  public synchronized List<RegisteredGate> load() {
    return List.copyOf(gates.values());
  }

  @Override
  public synchronized void save(RegisteredGate gate, long expectedVersion, GateKeyChange change) {
    RegisteredGate stored = gates.get(gate.gateId());
    long version = stored == null ? 0 : stored.version();
    if (version != expectedVersion) {
      throw new ConcurrentGateKeyChangeException(gate.gateId());
    }
    gates.put(gate.gateId(), gate);
    changes.add(change);
  }

  @Override
  public synchronized List<GateKeyChange> history(String gateId) {
    return changes.stream().filter(c -> c.gateId().equals(gateId)).toList();
  }
}
