package org.facefare.privacy.vault;

import java.util.Collection;
import java.util.List;
import org.facefare.privacy.Pseudonym;

/**
 * Where the vault's ciphertexts live (the database); implemented over PostgreSQL by {@code
 * org.facefare.privacy.postgres}. It never sees a key or a plaintext.
 */
public interface TemplateCiphertexts {

  /** Stores or replaces the rider's template of one model. */
  void put(SealedTemplate template);

  /** The riders' sealed templates, every model. */
  List<SealedTemplate> of(Collection<Pseudonym> riders);

  /**
   * Deletes every sealed template of the rider.
   *
   * @return the model ids deleted
   */
  List<String> delete(Pseudonym rider);
}
