package org.facefare.server.live;

import java.time.Duration;
import java.util.Objects;

/**
 * The shape of the live statistics' sliding window: buckets of a fixed length, so many kept.
 *
 * @param bucket the length of one bucket (one point of the charts), at least a second
 * @param buckets how many buckets the window keeps, 2–1,440
 */
public record LiveSettings(Duration bucket, int buckets) {

  /** Checks the fields. */
  public LiveSettings {
    Objects.requireNonNull(bucket, "bucket");
    if (bucket.compareTo(Duration.ofSeconds(1)) < 0 || bucket.toNanosPart() != 0) {
      throw new IllegalArgumentException("a bucket is a whole number of seconds, not " + bucket);
    }
    if (buckets < 2 || buckets > 1_440) {
      throw new IllegalArgumentException("the window keeps 2-1440 buckets, not " + buckets);
    }
  }

  /** One-minute buckets over the last hour. */
  public static LiveSettings defaults() {
    return new LiveSettings(Duration.ofMinutes(1), 60);
  }

  /** The window's length. */
  public Duration window() {
    return bucket.multipliedBy(buckets);
  }
}
