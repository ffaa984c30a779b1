package org.facefare.privacy.postgres;

import java.util.Collection;
import java.util.List;
import org.facefare.privacy.Pseudonym;
import org.facefare.privacy.vault.SealedTemplate;
import org.facefare.privacy.vault.TemplateCiphertexts;
import org.jdbi.v3.core.Jdbi;

/** Sealed templates in {@code privacy.sealed_template}. */
final class PgTemplateCiphertexts implements TemplateCiphertexts {

  private final Jdbi jdbi;

  PgTemplateCiphertexts(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void put(SealedTemplate t) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO privacy.sealed_template (pseudonym, model_id, sealed)"
                        + " VALUES (:p, :m, :s)"
                        + " ON CONFLICT (pseudonym, model_id) DO UPDATE SET sealed = EXCLUDED.sealed")
                .bind("p", t.rider().value())
                .bind("m", t.modelId())
                .bind("s", t.sealed())
                .execute());
  }

  @Override
  public List<SealedTemplate> of(Collection<Pseudonym> riders) {
    if (riders.isEmpty()) {
      return List.of();
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT pseudonym, model_id, sealed FROM privacy.sealed_template"
                        + " WHERE pseudonym IN (<riders>) ORDER BY pseudonym, model_id")
                .bindList("riders", riders.stream().map(Pseudonym::value).toList())
                .map(
                    (rs, ctx) ->
                        new SealedTemplate(
                            new Pseudonym(rs.getString(1)), rs.getString(2), rs.getBytes(3)))
                .list());
  }

  @Override
  public List<String> delete(Pseudonym rider) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "DELETE FROM privacy.sealed_template WHERE pseudonym = :p RETURNING model_id")
                .bind("p", rider.value())
                .mapTo(String.class)
                .list());
  }
}
