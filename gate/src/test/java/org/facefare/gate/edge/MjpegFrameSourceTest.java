package org.facefare.gate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MjpegFrameSourceTest {

  static byte[] frame(int seed, int size) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    // Bytes that look like line breaks and a boundary must not confuse the reader.
    byte[] trap = "\r\n--frame\r\n".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(trap, 0, b, size / 2, Math.min(trap.length - 3, size / 2));
    return b;
  }

  static byte[] stream(List<byte[]> frames, boolean withLength, boolean closing)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write("preamble to be ignored\r\n".getBytes(StandardCharsets.US_ASCII));
    for (byte[] f : frames) {
      out.write(
          "--frameboundary\r\nContent-Type: image/jpeg\r\n".getBytes(StandardCharsets.US_ASCII));
      if (withLength) {
        out.write(("Content-Length: " + f.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(f);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    if (closing) {
      out.write("--frameboundary--\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  static List<byte[]> readAll(MjpegFrameSource source) throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (Optional<byte[]> f = source.next(); f.isPresent(); f = source.next()) {
      out.add(f.get());
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void readsEveryFrameWithOrWithoutLengths(boolean withLength) throws IOException {
    List<byte[]> frames = List.of(frame(1, 5000), frame(2, 17), frame(3, 70_001));
    try (MjpegFrameSource source =
        new MjpegFrameSource(
            new ByteArrayInputStream(stream(frames, withLength, true)),
            "multipart/x-mixed-replace; boundary=frameboundary")) {
      List<byte[]> read = readAll(source);
      assertThat(read).hasSize(3);
      for (int i = 0; i < 3; i++) {
        assertThat(read.get(i)).isEqualTo(frames.get(i));
      }
    }
  }

  @Test
  void aStreamThatJustStopsEndsAfterItsLastWholeFrame() throws IOException {
    List<byte[]> frames = List.of(frame(4, 300), frame(5, 400));
    try (MjpegFrameSource source =
        new MjpegFrameSource(
            new ByteArrayInputStream(stream(frames, true, false)),
            "multipart/x-mixed-replace;boundary=\"--frameboundary\"")) {
      assertThat(readAll(source)).hasSize(2);
    }
  }

  @Test
  void refusesWhatIsNotAnMjpegStreamOrIsTruncatedOrHuge() throws IOException {
    assertThatThrownBy(
            () -> new MjpegFrameSource(new ByteArrayInputStream(new byte[0]), "image/jpeg"))
        .hasMessageContaining("no multipart boundary");
    byte[] whole = stream(List.of(frame(6, 1000)), true, true);
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 600);
    MjpegFrameSource truncated =
        new MjpegFrameSource(
            new ByteArrayInputStream(cut), "multipart/x-mixed-replace; boundary=frameboundary");
    assertThatThrownBy(truncated::next).hasMessageContaining("ended inside a frame");
    byte[] huge =
        ("--b\r\nContent-Length: " + (MjpegFrameSource.MAX_FRAME_BYTES + 1) + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    MjpegFrameSource big =
        new MjpegFrameSource(
            new ByteArrayInputStream(huge), "multipart/x-mixed-replace; boundary=b");
    assertThatThrownBy(big::next).hasMessageContaining("exceeds");
  }
}
