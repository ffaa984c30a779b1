package org.facefare.gate.edge;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Frames from an MJPEG stream: HTTP's {@code multipart/x-mixed-replace} body as IP cameras serve
 * it, one JPEG per part.
 *
 * <p>Each part starts with the {@code --boundary} line and its headers; a part with {@code
 * Content-Length} is read by length, one without is read up to the next boundary (RFC 2046 §5.1.1).
 * Parts over {@link #MAX_FRAME_BYTES} are refused, so a broken camera cannot exhaust the gate's
 * memory.
 */
public final class MjpegFrameSource implements FrameSource {

  /** The largest frame accepted. */
  public static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;

  private static final Pattern BOUNDARY =
      Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);
  private static final Pattern LENGTH =
      Pattern.compile("content-length:\\s*(\\d+)", Pattern.CASE_INSENSITIVE);

  private final InputStream in;
  private final byte[] delimiter;
  private boolean delimiterConsumed;

  /**
   * A source over a stream body.
   *
   * @param contentType the stream's {@code Content-Type}, which names the boundary
   * @throws IOException if the content type is not multipart with a boundary
   */
  public MjpegFrameSource(InputStream body, String contentType) throws IOException {
    Matcher m = BOUNDARY.matcher(contentType == null ? "" : contentType);
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")
        || !m.find()) {
      throw new IOException(
          "not an MJPEG stream: content type '" + contentType + "' has no multipart boundary");
    }
    String boundary = m.group(1).trim();
    if (boundary.startsWith("--")) {
      boundary = boundary.substring(2);
    }
    this.delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    this.in = new BufferedInputStream(body, 1 << 16);
  }

  @Override
  public Optional<byte[]> next() throws IOException {
    String line;
    if (delimiterConsumed) {
      delimiterConsumed = false;
      line = readLine();
      if (line == null) {
        return Optional.empty();
      }
    } else {
      String open = new String(delimiter, StandardCharsets.US_ASCII);
      do {
        line = readLine();
        if (line == null) {
          return Optional.empty();
        }
      } while (!line.startsWith(open));
      line = line.substring(open.length());
    }
    if (line.startsWith("--")) {
      return Optional.empty();
    }
    int length = -1;
    while ((line = readLine()) != null && !line.isEmpty()) {
      Matcher m = LENGTH.matcher(line);
      if (m.matches()) {
        long declared = Long.parseLong(m.group(1));
        if (declared > MAX_FRAME_BYTES) {
          throw new IOException("MJPEG part of " + declared + " bytes exceeds " + MAX_FRAME_BYTES);
        }
        length = (int) declared;
      }
    }
    if (line == null) {
      return Optional.empty();
    }
    return Optional.of(length >= 0 ? readExactly(length) : readUntilDelimiter());
  }

  private byte[] readExactly(int length) throws IOException {
    byte[] frame = in.readNBytes(length);
    if (frame.length != length) {
      throw new IOException("MJPEG stream ended inside a frame");
    }
    return frame;
  }

  /**
   * Reads a part without a length up to {@code CRLF--boundary}, consuming the delimiter; the rest
   * of its line is read by the next {@link #next()}.
   */
  private byte[] readUntilDelimiter() throws IOException {
    byte[] marker = new byte[delimiter.length + 2];
    marker[0] = '\r';
    marker[1] = '\n';
    System.arraycopy(delimiter, 0, marker, 2, delimiter.length);
    byte last = marker[marker.length - 1];
    Buffer out = new Buffer();
    int b;
    while ((b = in.read()) >= 0) {
      out.write(b);
      if (out.size() > MAX_FRAME_BYTES + marker.length) {
        throw new IOException("MJPEG part exceeds " + MAX_FRAME_BYTES + " bytes");
      }
      if ((byte) b == last && out.endsWith(marker)) {
        delimiterConsumed = true;
        return java.util.Arrays.copyOf(out.bytes(), out.size() - marker.length);
      }
    }
    throw new IOException("MJPEG stream ended inside a frame");
  }

  /** A byte buffer that can test its own suffix. */
  private static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(1 << 16);
    }

    boolean endsWith(byte[] suffix) {
      if (count < suffix.length) {
        return false;
      }
      return java.util.Arrays.equals(buf, count - suffix.length, count, suffix, 0, suffix.length);
    }

    byte[] bytes() {
      return buf;
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(80);
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int n =
            bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      if (line.size() > 8192) {
        throw new IOException("MJPEG header line over 8 KiB");
      }
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
