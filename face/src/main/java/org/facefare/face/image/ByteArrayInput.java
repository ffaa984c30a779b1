package org.facefare.face.image;

import java.io.IOException;
import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@link javax.imageio.stream.ImageInputStream} over a byte array that fails with a non-EOF
 * {@link IIOException} once a reader has asked for bytes past the end more than {@link
 * #PAST_END_READS} times.
 *
 * <p>Why: some decoders treat end-of-data as "more zero bits" and keep going. TwelveMonkeys' WebP
 * lossless bit reader catches {@link java.io.EOFException} on refill and carries on, so a truncated
 * or corrupted VP8L stream that declares 65,536 Huffman groups spins for minutes, one caught
 * exception per refill. A valid stream overreads by a few bytes of look-ahead at most; a plain
 * {@code IOException} is not caught by such handlers and ends the decode.
 */
final class ByteArrayInput extends ImageInputStreamImpl {

  /** How many reads at or past the end are tolerated as look-ahead before the stream fails. */
  static final int PAST_END_READS = 256;

  private final byte[] data;
  private int pastEndReads;

  ByteArrayInput(byte[] data) {
    this.data = data;
  }

  @Override
  public int read() throws IOException {
    checkClosed();
    bitOffset = 0;
    if (streamPos >= data.length) {
      return pastEnd();
    }
    return data[(int) streamPos++] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    checkClosed();
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    bitOffset = 0;
    if (len == 0) {
      return 0;
    }
    if (streamPos >= data.length) {
      return pastEnd();
    }
    int n = (int) Math.min(len, data.length - streamPos);
    System.arraycopy(data, (int) streamPos, b, off, n);
    streamPos += n;
    return n;
  }

  @Override
  public long length() {
    return data.length;
  }

  private int pastEnd() throws IIOException {
    if (++pastEndReads > PAST_END_READS) {
      throw new IIOException(
          "the decoder kept reading past the end of the data ("
              + PAST_END_READS
              + " times): truncated or corrupt");
    }
    return -1;
  }
}
