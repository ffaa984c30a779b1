package org.facefare.privacy.vault;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.facefare.privacy.Pseudonym;

/** Sealed templates in memory, for vault tests without a database. */
final class MemoryCiphertexts implements TemplateCiphertexts {

  final Map<Pseudonym, Map<String, SealedTemplate>> rows = new ConcurrentHashMap<>();

  @Override
  public void put(SealedTemplate t) {
    rows.computeIfAbsent(t.rider(), r -> new ConcurrentHashMap<>()).put(t.modelId(), t);
  }

  @Override
  public List<SealedTemplate> of(Collection<Pseudonym> riders) {
    List<SealedTemplate> out = new ArrayList<>();
    for (Pseudonym r : riders) {
      out.addAll(rows.getOrDefault(r, Map.of()).values());
    }
    return out;
  }

  @Override
  public List<String> delete(Pseudonym rider) {
    Map<String, SealedTemplate> gone = rows.remove(rider);
    return gone == null ? List.of() : List.copyOf(gone.keySet());
  }
}
