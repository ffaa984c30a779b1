package org.facefare.face.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.facefare.face.image.ImageDecodeException.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of {@link ImageDecoder}: every mutated input either decodes to a valid image or
 * fails with {@link ImageDecodeException}; nothing else escapes, nothing hangs.
 */
class ImageDecoderFuzzTest {

  /** Override with {@code -Dfuzz.seed=N} and {@code -Dfuzz.cases=N} for a longer hunt. */
  private static final long SEED = Long.getLong("fuzz.seed", 0x5EED_FACEL);

  private static final int CASES = Integer.getInteger("fuzz.cases", 12_000);
  private static final long CASE_TIMEOUT_MS = 5_000;
  private static final long MAX_PIXELS = 4_000_000;

  private static ExecutorService worker;

  @BeforeAll
  static void startWorker() {
    worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "fuzz-decode");
              t.setDaemon(true);
              return t;
            });
  }

  @AfterAll
  static void stopWorker() {
    worker.shutdownNow();
  }

  /** A named way of damaging a seed image. */
  private record Mutation(String name, BiFunction<byte[], Random, byte[]> apply) {}

  private static List<byte[]> seeds() {
    BufferedImage photo = new BufferedImage(48, 32, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = photo.createGraphics();
    g.setPaint(new GradientPaint(0, 0, Color.ORANGE, 48, 32, Color.BLUE));
    g.fillRect(0, 0, 48, 32);
    g.setColor(Color.WHITE);
    g.fillOval(10, 6, 20, 20);
    g.dispose();
    BufferedImage argb = new BufferedImage(20, 14, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 14; y++) {
      for (int x = 0; x < 20; x++) {
        argb.setRGB(x, y, (x * 12) << 24 | photo.getRGB(x, y) & 0xFFFFFF);
      }
    }
    BufferedImage grey16 = new BufferedImage(12, 10, BufferedImage.TYPE_USHORT_GRAY);
    grey16.createGraphics().drawImage(photo, 0, 0, null);
    byte[] levels = {0, (byte) 80, (byte) 160, (byte) 255};
    BufferedImage indexed =
        new BufferedImage(
            16,
            8,
            BufferedImage.TYPE_BYTE_BINARY,
            new IndexColorModel(2, 4, levels, levels.clone(), levels.clone()));
    indexed.createGraphics().drawImage(photo, 0, 0, null);

    byte[] jpeg = TestImages.jpeg(photo);
    return List.of(
        TestImages.withJpegExif(jpeg, TestImages.exifTiff(6, true)),
        TestImages.progressiveJpeg(photo),
        TestImages.cmykJpeg(16, 16, 20, 200, 180, 10),
        TestImages.withPngExif(TestImages.encode(photo, "png"), TestImages.exifTiff(3, false)),
        TestImages.encode(argb, "png"),
        TestImages.encode(grey16, "png"),
        TestImages.encode(indexed, "png"),
        TestImages.resource("quadrants-lossy.webp"),
        TestImages.resource("quadrants-lossless-orient6.webp"),
        TestImages.resource("alpha-lossless.webp"));
  }

  private static final int[] INTERESTING = {
    0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF
  };

  private static List<Mutation> mutations() {
    return List.of(
        new Mutation(
            "bit flips",
            (d, r) -> {
              byte[] o = d.clone();
              for (int k = 1 + r.nextInt(8); k > 0; k--) {
                o[r.nextInt(o.length)] ^= (byte) (1 << r.nextInt(8));
              }
              return o;
            }),
        new Mutation(
            "random bytes overwritten",
            (d, r) -> {
              byte[] o = d.clone();
              for (int k = 1 + r.nextInt(16); k > 0; k--) {
                o[r.nextInt(o.length)] = (byte) r.nextInt(256);
              }
              return o;
            }),
        new Mutation("truncation", (d, r) -> Arrays.copyOf(d, r.nextInt(d.length))),
        new Mutation(
            "insertion",
            (d, r) -> {
              byte[] extra = new byte[1 + r.nextInt(64)];
              r.nextBytes(extra);
              return TestImages.insert(d, r.nextInt(d.length + 1), extra);
            }),
        new Mutation(
            "deletion",
            (d, r) -> {
              int from = r.nextInt(d.length);
              int to = Math.min(d.length, from + 1 + r.nextInt(64));
              byte[] o = new byte[d.length - (to - from)];
              System.arraycopy(d, 0, o, 0, from);
              System.arraycopy(d, to, o, from, d.length - to);
              return o;
            }),
        new Mutation(
            "splice",
            (d, r) -> {
              int from = r.nextInt(d.length);
              int len = Math.min(d.length - from, 1 + r.nextInt(128));
              return TestImages.insert(
                  d, r.nextInt(d.length + 1), Arrays.copyOfRange(d, from, from + len));
            }),
        new Mutation(
            "header field set to an extreme value",
            (d, r) -> {
              byte[] o = d.clone();
              int width = r.nextBoolean() ? 2 : 4;
              int at = r.nextInt(Math.max(1, Math.min(o.length, 80) - width));
              if (at + width > o.length) {
                return o;
              }
              ByteBuffer b =
                  ByteBuffer.wrap(o)
                      .order(r.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
              int v = INTERESTING[r.nextInt(INTERESTING.length)];
              if (width == 2) {
                b.putShort(at, (short) v);
              } else {
                b.putInt(at, v);
              }
              return o;
            }),
        new Mutation(
            "random bytes behind a valid signature",
            (d, r) -> {
              byte[] o = new byte[r.nextInt(2048)];
              r.nextBytes(o);
              System.arraycopy(d, 0, o, 0, Math.min(o.length, 4 + r.nextInt(28)));
              return o;
            }),
        new Mutation(
            "random bytes",
            (d, r) -> {
              byte[] o = new byte[r.nextInt(512)];
              r.nextBytes(o);
              return o;
            }));
  }

  @Test
  void mutatedInputsDecodeOrFailTyped() throws Exception {
    ImageDecoder decoder =
        new ImageDecoder(ImageDecoder.Settings.builder().maxPixels(MAX_PIXELS).build());
    List<byte[]> seeds = seeds();
    for (byte[] seed : seeds) {
      decoder.decode(seed); // every seed itself is valid
    }
    List<Mutation> mutations = mutations();
    Random random = new Random(SEED);
    Map<String, Integer> decodedBy = new LinkedHashMap<>();
    Map<Reason, Integer> failedWith = new EnumMap<>(Reason.class);
    List<String> escapes = new ArrayList<>();
    long start = System.nanoTime();
    long slowestNanos = 0;
    for (int i = 0; i < CASES; i++) {
      Mutation m = mutations.get(random.nextInt(mutations.size()));
      byte[] seed = seeds.get(random.nextInt(seeds.size()));
      byte[] input = m.apply().apply(seed, random);
      long t0 = System.nanoTime();
      Future<DecodedImage> result = worker.submit(() -> decoder.decode(input));
      try {
        DecodedImage d = result.get(CASE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertThat((long) d.image().width() * d.image().height()).isLessThanOrEqualTo(MAX_PIXELS);
        decodedBy.merge(m.name(), 1, Integer::sum);
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof ImageDecodeException ide) {
          failedWith.merge(ide.reason(), 1, Integer::sum);
        } else {
          escapes.add("case " + i + " (" + m.name() + "): " + e.getCause());
        }
      } catch (TimeoutException e) {
        throw new AssertionError(
            "case "
                + i
                + " ("
                + m.name()
                + " of seed "
                + seeds.indexOf(seed)
                + ") still decoding after "
                + CASE_TIMEOUT_MS
                + " ms at\n"
                + workerStack());
      }
      slowestNanos = Math.max(slowestNanos, System.nanoTime() - t0);
    }
    int hugeCases = hugeDimensionsAreRefused(decoder, seeds, random);
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "fuzz: %d mutated + %d huge-dimension cases in %d ms (slowest %d ms); decoded %s;"
            + " failed typed %s; escaped %d%n",
        CASES,
        hugeCases,
        elapsedMs,
        slowestNanos / 1_000_000,
        decodedBy,
        failedWith,
        escapes.size());
    assertThat(escapes).isEmpty();
  }

  private static String workerStack() {
    StringBuilder sb = new StringBuilder();
    Thread.getAllStackTraces()
        .forEach(
            (t, stack) -> {
              if (t.getName().equals("fuzz-decode")) {
                for (StackTraceElement e : stack) {
                  sb.append("    ").append(e).append('\n');
                }
              }
            });
    return sb.toString();
  }

  /** Every seed with its header dimensions patched past the limit is TOO_MANY_PIXELS. */
  private static int hugeDimensionsAreRefused(
      ImageDecoder decoder, List<byte[]> seeds, Random random) {
    int n = 0;
    for (int k = 0; k < 100; k++) {
      for (byte[] seed : seeds) {
        int w = 2_001 + random.nextInt(14_000);
        int h = 2_001 + random.nextInt(14_000);
        byte[] patched = withDimensions(seed, w, h);
        try {
          decoder.decode(patched);
          throw new AssertionError(w + "x" + h + " decoded");
        } catch (ImageDecodeException e) {
          assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.TOO_MANY_PIXELS);
        }
        n++;
      }
    }
    return n;
  }

  private static byte[] withDimensions(byte[] seed, int w, int h) {
    return switch (FormatSnifferAccess.format(seed)) {
      case PNG -> TestImages.withPngDimensions(seed, w, h);
      case JPEG -> TestImages.withJpegDimensions(seed, w, h);
      case WEBP -> webpWithDimensions(seed, w, h);
    };
  }

  /** Patches the VP8X canvas or, without one, the VP8L/VP8 frame header. */
  private static byte[] webpWithDimensions(byte[] seed, int w, int h) {
    byte[] o = seed.clone();
    ByteBuffer b = ByteBuffer.wrap(o).order(ByteOrder.LITTLE_ENDIAN);
    String chunk = new String(o, 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
    switch (chunk) {
      case "VP8X" -> {
        put24(o, 24, w - 1);
        put24(o, 27, h - 1);
      }
      case "VP8L" -> {
        int bits = b.getInt(21);
        int w14 = Math.min(w, 16_384) - 1;
        int h14 = Math.min(h, 16_384) - 1;
        b.putInt(21, (bits & ~0x0FFF_FFFF) | h14 << 14 | w14);
      }
      case "VP8 " -> {
        b.putShort(26, (short) Math.min(w, 16_383));
        b.putShort(28, (short) Math.min(h, 16_383));
      }
      default -> throw new IllegalArgumentException("unexpected WebP chunk " + chunk);
    }
    return o;
  }

  private static void put24(byte[] o, int at, int v) {
    o[at] = (byte) v;
    o[at + 1] = (byte) (v >> 8);
    o[at + 2] = (byte) (v >> 16);
  }

  /** The sniffer's verdict on a seed known to be valid. */
  private static final class FormatSnifferAccess {
    static ImageFormat format(byte[] data) {
      try {
        return FormatSniffer.sniff(data);
      } catch (ImageDecodeException e) {
        throw new AssertionError(e);
      }
    }
  }
}
