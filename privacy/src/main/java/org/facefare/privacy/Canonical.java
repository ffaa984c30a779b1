package org.facefare.privacy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The canonical byte encoding of everything FaceFare hashes or signs: a domain-separation tag, then
 * fields in a fixed order, strings as a 4-byte big-endian length and UTF-8, numbers as 8-byte
 * big-endian, instants as epoch milliseconds.
 *
 * <p>One encoding for the log's records, tree heads and erase receipts means a verifier written
 * from the documentation alone ({@code docs/privacy.md}) reproduces every hash and signature.
 */
public final class Canonical {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

  private Canonical(String tag) {
    text(tag);
  }

  /** Starts an encoding under a domain-separation tag. */
  public static Canonical tagged(String tag) {
    return new Canonical(tag);
  }

  /** Appends a string. */
  public Canonical text(String s) {
    return bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Appends a length-prefixed byte string. */
  public Canonical bytes(byte[] b) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
    out.writeBytes(b);
    return this;
  }

  /** Appends a number. */
  public Canonical number(long n) {
    out.writeBytes(ByteBuffer.allocate(8).putLong(n).array());
    return this;
  }

  /** Appends an instant at millisecond precision. */
  public Canonical instant(Instant t) {
    return number(t.toEpochMilli());
  }

  /** The encoded bytes. */
  public byte[] toBytes() {
    return out.toByteArray();
  }

  /** A reader over an encoding made by {@link Canonical}, for decoding records. */
  public static final class Reader {

    private final ByteBuffer in;
    private final String tag;

    /**
     * Starts reading and checks the tag.
     *
     * @param tags the tags accepted
     * @throws IllegalArgumentException if the bytes do not start with one of the tags
     */
    public Reader(byte[] encoded, String... tags) {
      this.in = ByteBuffer.wrap(encoded);
      this.tag = text();
      if (!java.util.List.of(tags).contains(tag)) {
        throw new IllegalArgumentException(
            "expected a record tagged " + String.join(" or ", tags) + ", found '" + tag + "'");
      }
    }

    /** The record's tag. */
    public String tag() {
      return tag;
    }

    /** Reads a string. */
    public String text() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** Reads a length-prefixed byte string. */
    public byte[] bytes() {
      need(4);
      int n = in.getInt();
      if (n < 0 || n > in.remaining()) {
        throw new IllegalArgumentException("field length " + n + " overruns the record");
      }
      byte[] b = new byte[n];
      in.get(b);
      return b;
    }

    /** Reads a number. */
    public long number() {
      need(8);
      return in.getLong();
    }

    /** Reads an instant. */
    public Instant instant() {
      return Instant.ofEpochMilli(number());
    }

    /**
     * Checks that the whole record was read.
     *
     * @throws IllegalArgumentException if bytes are left over
     */
    public void end() {
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " unexpected bytes after the record");
      }
    }

    private void need(int n) {
      if (in.remaining() < n) {
        throw new IllegalArgumentException("record is truncated");
      }
    }
  }
}
