package org.facefare.privacy.log;

import java.util.Arrays;
import java.util.Objects;

/**
 * What opens a leaf's commitment: the salt and the record's canonical bytes, kept beside the log
 * for the retention period and shown to the rider the record concerns.
 *
 * @param salt the 32-byte salt
 * @param record the canonical bytes of the {@link LogEntry}
 */
public record Opening(byte[] salt, byte[] record) {

  /** The length of a salt. */
  public static final int SALT_LENGTH = 32;

  /** Checks and copies the fields. */
  public Opening {
    Objects.requireNonNull(record, "record");
    if (salt.length != SALT_LENGTH) {
      throw new IllegalArgumentException("a salt is 32 bytes, not " + salt.length);
    }
    salt = salt.clone();
    record = record.clone();
  }

  /** The opening of {@code entry} under {@code salt}. */
  public static Opening of(LogEntry entry, byte[] salt) {
    return new Opening(salt, entry.toBytes());
  }

  /**
   * The record.
   *
   * @throws IllegalArgumentException if the bytes are not a log record
   */
  public LogEntry entry() {
    return LogEntry.fromBytes(record);
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  @Override
  public byte[] record() {
    return record.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Opening p && Arrays.equals(p.salt, salt) && Arrays.equals(p.record, record);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(salt) + Arrays.hashCode(record);
  }

  @Override
  public String toString() {
    return "Opening[" + record.length + " bytes]";
  }
}
