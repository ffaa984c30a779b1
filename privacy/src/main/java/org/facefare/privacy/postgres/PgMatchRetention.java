package org.facefare.privacy.postgres;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.facefare.privacy.retention.HourlyCount;
import org.facefare.privacy.retention.MatchStatistics;
import org.facefare.privacy.retention.RetentionTarget;
import org.jdbi.v3.core.Jdbi;

/**
 * Retention of identification records: the openings of identification leaves older than the cutoff
 * are folded into {@code privacy.match_hourly} (station, hour, decision, count) and deleted, in one
 * transaction. The leaves stay: they hold only a pseudonym and a commitment, which without the salt
 * says nothing about where or when.
 */
final class PgMatchRetention implements RetentionTarget, MatchStatistics {

  private final Jdbi jdbi;

  PgMatchRetention(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public String name() {
    return "match records";
  }

  @Override
  public long expireBefore(Instant cutoff) {
    return jdbi.inTransaction(
        h -> {
          Timestamp t = Timestamp.from(cutoff);
          h.createUpdate(
                  "INSERT INTO privacy.match_hourly (station, hour, decision, matches)"
                      + " SELECT station, date_trunc('hour', occurred_at AT TIME ZONE 'UTC')"
                      + " AT TIME ZONE 'UTC', decision, count(*)"
                      + " FROM privacy.log_opening"
                      + " WHERE kind = 'IDENTIFICATION' AND occurred_at < :t"
                      + " GROUP BY 1, 2, 3"
                      + " ON CONFLICT (station, hour, decision)"
                      + " DO UPDATE SET matches = match_hourly.matches + EXCLUDED.matches")
              .bind("t", t)
              .execute();
          return (long)
              h.createUpdate(
                      "DELETE FROM privacy.log_opening"
                          + " WHERE kind = 'IDENTIFICATION' AND occurred_at < :t")
                  .bind("t", t)
                  .execute();
        });
  }

  @Override
  public List<HourlyCount> hourly(Instant from, Instant to) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT station, hour, decision, sum(matches) FROM ("
                        + " SELECT station, hour, decision, matches FROM privacy.match_hourly"
                        + " UNION ALL"
                        + " SELECT station, date_trunc('hour', occurred_at AT TIME ZONE 'UTC')"
                        + " AT TIME ZONE 'UTC', decision, 1 FROM privacy.log_opening"
                        + " WHERE kind = 'IDENTIFICATION') AS c"
                        + " WHERE hour >= :from AND hour < :to"
                        + " GROUP BY station, hour, decision ORDER BY hour, station, decision")
                .bind("from", Timestamp.from(from))
                .bind("to", Timestamp.from(to))
                .map(
                    (rs, ctx) ->
                        new HourlyCount(
                            rs.getString(1),
                            rs.getTimestamp(2).toInstant(),
                            rs.getString(3),
                            rs.getLong(4)))
                .list());
  }
}
