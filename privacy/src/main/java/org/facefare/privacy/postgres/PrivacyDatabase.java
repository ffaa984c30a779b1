package org.facefare.privacy.postgres;

import java.util.Objects;
import org.facefare.privacy.facepay.EnrolmentRecords;
import org.facefare.privacy.log.LogRepository;
import org.facefare.privacy.retention.MatchStatistics;
import org.facefare.privacy.retention.RetentionTarget;
import org.facefare.privacy.vault.TemplateCiphertexts;
import org.facefare.storage.Database;
import org.facefare.storage.TransactionTail;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The privacy module's PostgreSQL adapters over the {@code privacy} schema, migrated by Flyway from
 * {@code db/privacy}: the only place the module speaks SQL.
 */
public final class PrivacyDatabase {

  /** The schema the privacy tables live in. */
  public static final String SCHEMA = "privacy";

  private final Jdbi jdbi;

  private PrivacyDatabase(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Migrates the privacy schema and returns its adapters.
   *
   * @throws org.facefare.storage.StorageException if the migration fails
   */
  public static PrivacyDatabase open(Database database) {
    Objects.requireNonNull(database, "database");
    database.migrate(SCHEMA, "classpath:db/privacy");
    return new PrivacyDatabase(Jdbi.create(database.dataSource()));
  }

  /** Consent records and face-pay states. */
  public EnrolmentRecords enrolments() {
    return new PgEnrolmentRecords(jdbi);
  }

  /** The vault's sealed templates. */
  public TemplateCiphertexts templates() {
    return new PgTemplateCiphertexts(jdbi);
  }

  /** The transparency log's storage. */
  public LogRepository log() {
    return new PgLogRepository(jdbi);
  }

  /**
   * The transparency log's storage inside {@code transaction}'s transaction (for {@link
   * org.facefare.privacy.log.TransparencyLog#appendWithin}): what it appends commits or rolls back
   * with the rest of that transaction.
   */
  public LogRepository logWithin(Handle transaction) {
    return new PgLogRepository(Objects.requireNonNull(transaction, "transaction"), null);
  }

  /**
   * The transparency log's storage inside {@code transaction}'s transaction, as {@link
   * #logWithin(Handle)}, whose appends are added to {@code tail}, sent with that transaction's
   * commit (a duplicate leaf or request id then fails the commit, told as the append tells it).
   */
  public LogRepository logWithin(Handle transaction, TransactionTail tail) {
    return new PgLogRepository(
        Objects.requireNonNull(transaction, "transaction"), Objects.requireNonNull(tail, "tail"));
  }

  /** The identification records' retention: hourly counts kept, records deleted. */
  public RetentionTarget matchRetention() {
    return new PgMatchRetention(jdbi);
  }

  /** The hourly identification counts staff may see. */
  public MatchStatistics matchStatistics() {
    return new PgMatchRetention(jdbi);
  }
}
