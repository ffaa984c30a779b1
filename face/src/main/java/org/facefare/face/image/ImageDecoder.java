package org.facefare.face.image;

import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.facefare.face.image.ImageDecodeException.Reason;

/**
 * A thread-safe decoder of untrusted JPEG, PNG and WebP bytes into upright 8-bit {@link RgbImage}s,
 * within configured byte and pixel limits.
 */
public final class ImageDecoder {

  /*
   * Design.
   *
   * Every input is untrusted (a selfie uploaded at enrolment, a frame off a gate camera), so the
   * decoder checks cheap things before expensive ones and lets nothing but ImageDecodeException
   * out:
   *
   *  1. Byte count (Settings.maxBytes), then the format from its signature (FormatSniffer), so
   *     ImageIO never guesses and formats FaceFare does not need (GIF, BMP, TIFF, ...) are never
   *     parsed at all.
   *  2. The declared dimensions, read from the header alone (ImageReader.getWidth/getHeight read
   *     IHDR, SOF or the VP8 frame header and no pixel data), against Settings.maxPixels: a
   *     decompression bomb (a few KB declaring 100k x 100k) is refused before any raster is
   *     allocated, which bounds the decoder's memory to a few bytes per allowed pixel and makes
   *     OutOfMemoryError a matter of heap sizing, not of input.
   *  3. Format-specific integrity: a JPEG must have an end-of-image marker after its first scan,
   *     a WebP as many bytes as its RIFF header declares. libjpeg (behind the JDK's and
   *     TwelveMonkeys' readers) pads a truncated scan with grey and only warns; a half-grey face
   *     must not be enrolled, so truncation is CORRUPT, and so is a JPEG whose decode raised one of
   *     libjpeg's damaged-data warnings (JpegWarnings). The input stream (ByteArrayInput) also
   *     fails a decoder that keeps reading past the end, which TwelveMonkeys' WebP lossless
   *     decoder otherwise does for minutes on a corrupt stream (found by ImageDecoderFuzzTest).
   *  4. The pixels, by the one ImageIO reader of the sniffed format (TwelveMonkeys' JPEG reader,
   *     which registers ahead of the JDK's and adds CMYK/YCCK and Adobe-inverted JPEGs, lossless
   *     JPEG and ICC conversion; TwelveMonkeys' WebP reader; the JDK's PNG reader), with
   *     ignoreMetadata so that the PNG reader skips text and ICC chunks instead of inflating them
   *     (older JDKs inflated zTXt/iTXt without any limit; current ones cap each at 256 KiB, still
   *     work spent on nothing). Anything the reader throws, IOException or RuntimeException
   *     alike, becomes CORRUPT with the original as cause.
   *  5. Colour conversion to 8-bit sRGB (RasterConverter), alpha composited on white or dropped.
   *  6. EXIF orientation (ExifOrientation: a bounded walk over JPEG APP1, PNG eXIf or WebP EXIF
   *     and IFD0, about a hundred lines instead of a general metadata library, which would parse
   *     and inflate much more than one tag of untrusted input), applied last (Orientation).
   *
   * References: JPEG, ITU-T T.81 (B.1.1.2 markers, F.1.2.3 byte stuffing); PNG, W3C 3rd ed.
   * (IHDR, eXIf); WebP container, RFC 9649; EXIF 2.32 (CIPA DC-008) tag 274; TIFF 6.0 (IFD).
   */

  private final Settings settings;

  /** A decoder with the given limits. */
  public ImageDecoder(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** A decoder with {@link Settings#defaults()}. */
  public ImageDecoder() {
    this(Settings.defaults());
  }

  /** This decoder's limits. */
  public Settings settings() {
    return settings;
  }

  /**
   * Decodes reading at most {@code maxBytes + 1} bytes of {@code in}, which is not closed.
   *
   * @throws ImageDecodeException {@code READ_FAILED} if the stream fails, otherwise as {@link
   *     #decode(byte[])}
   */
  public DecodedImage decode(InputStream in) throws ImageDecodeException {
    Objects.requireNonNull(in, "in");
    byte[] data;
    try {
      data = in.readNBytes(settings.maxBytes() + 1);
    } catch (IOException e) {
      throw new ImageDecodeException(Reason.READ_FAILED, "reading the image failed: " + e, e);
    }
    return decode(data);
  }

  /**
   * Decodes a whole encoded image held in memory; {@code data} is only read.
   *
   * @throws ImageDecodeException with the {@link Reason} of the first check that fails
   */
  public DecodedImage decode(byte[] data) throws ImageDecodeException {
    Objects.requireNonNull(data, "data");
    if (data.length == 0) {
      throw new ImageDecodeException(Reason.EMPTY, "no bytes");
    }
    if (data.length > settings.maxBytes()) {
      throw new ImageDecodeException(
          Reason.TOO_MANY_BYTES,
          "more than " + settings.maxBytes() + " bytes (limit Settings.maxBytes)");
    }
    ImageFormat format = FormatSniffer.sniff(data);
    checkComplete(data, format);
    BufferedImage pixels = readPixels(data, format);
    RgbImage stored;
    try {
      stored = RasterConverter.toRgb(pixels, settings.alpha());
    } catch (RuntimeException e) {
      throw new ImageDecodeException(
          Reason.CORRUPT, format + " decoded to an unconvertible raster: " + e, e);
    }
    Orientation orientation = ExifOrientation.read(data, format);
    return new DecodedImage(orientation.apply(stored), format, orientation);
  }

  /** Refuses files cut short, which some decoders would otherwise pad silently. */
  private static void checkComplete(byte[] data, ImageFormat format) throws ImageDecodeException {
    if (format == ImageFormat.JPEG && !JpegSegments.parse(data).hasEndOfImage(data)) {
      throw new ImageDecodeException(
          Reason.CORRUPT, "truncated JPEG: no end-of-image marker after the first scan");
    }
    if (format == ImageFormat.WEBP) {
      long riffSize = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt(4) & 0xFFFF_FFFFL;
      if (riffSize + 8 > data.length) {
        throw new ImageDecodeException(
            Reason.CORRUPT,
            "truncated WebP: the RIFF header declares "
                + (riffSize + 8)
                + " bytes, "
                + data.length
                + " present");
      }
    }
  }

  private BufferedImage readPixels(byte[] data, ImageFormat format) throws ImageDecodeException {
    ImageReader reader = reader(format);
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    try (ImageInputStream in = new ByteArrayInput(data)) {
      reader.setInput(in, true, true);
      checkDimensions(reader.getWidth(0), reader.getHeight(0), format);
      BufferedImage image = reader.read(0);
      if (image == null) {
        throw new ImageDecodeException(Reason.CORRUPT, format + " reader returned no image");
      }
      checkDimensions(image.getWidth(), image.getHeight(), format);
      if (format == ImageFormat.JPEG) {
        Optional<String> damage = JpegWarnings.firstDamage(warnings);
        if (damage.isPresent()) {
          throw new ImageDecodeException(
              Reason.CORRUPT, "damaged JPEG data (libjpeg: " + damage.get() + ")");
        }
      }
      return image;
    } catch (ImageDecodeException e) {
      throw e;
    } catch (EOFException e) {
      throw new ImageDecodeException(Reason.CORRUPT, "truncated " + format + ": " + e, e);
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodeException(
          Reason.CORRUPT, format + " data is not decodable: " + e + warningsText(warnings), e);
    } finally {
      reader.dispose();
    }
  }

  private void checkDimensions(int width, int height, ImageFormat format)
      throws ImageDecodeException {
    if (width <= 0 || height <= 0) {
      throw new ImageDecodeException(
          Reason.CORRUPT, format + " header declares " + width + "x" + height + " pixels");
    }
    if ((long) width * height > settings.maxPixels()) {
      throw new ImageDecodeException(
          Reason.TOO_MANY_PIXELS,
          format
              + " header declares "
              + width
              + "x"
              + height
              + " pixels, more than "
              + settings.maxPixels()
              + " (limit Settings.maxPixels)");
    }
  }

  private static ImageReader reader(ImageFormat format) throws ImageDecodeException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
    if (!readers.hasNext()) {
      throw new ImageDecodeException(
          Reason.UNSUPPORTED_FORMAT, "no ImageIO reader for " + format + " on the class path");
    }
    return readers.next();
  }

  private static String warningsText(List<String> warnings) {
    return warnings.isEmpty() ? "" : " (reader warnings: " + String.join("; ", warnings) + ")";
  }

  /**
   * The decoder's limits and alpha handling.
   *
   * @param maxPixels the most pixels (width × height) a header may declare; a decode holds at most
   *     about 14 bytes a pixel at once (a 16-bit RGBA raster, its RGB copy and the turned copy), so
   *     the default 40 MP (a 7,300 × 5,500 camera frame) peaks near 560 MB, a JPEG near 360 MB
   * @param maxBytes the most encoded bytes accepted
   * @param alpha what to do with translucent pixels
   */
  public record Settings(long maxPixels, int maxBytes, AlphaPolicy alpha) {

    /** Default {@link #maxPixels()}: 40 million. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

    /** The largest {@link #maxPixels()}: an {@link RgbImage} is one Java array, 3 bytes a pixel. */
    public static final long MAX_PIXELS_LIMIT = Integer.MAX_VALUE / 3;

    /** Default {@link #maxBytes()}: 64 MiB. */
    public static final int DEFAULT_MAX_BYTES = 64 << 20;

    /** Checks that the limits are positive and {@code maxBytes} leaves room for one more byte. */
    public Settings {
      if (maxPixels <= 0 || maxPixels > MAX_PIXELS_LIMIT) {
        throw new IllegalArgumentException(
            "maxPixels must be in [1, " + MAX_PIXELS_LIMIT + "], got " + maxPixels);
      }
      if (maxBytes <= 0 || maxBytes == Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "maxBytes must be in [1, " + (Integer.MAX_VALUE - 1) + "], got " + maxBytes);
      }
      Objects.requireNonNull(alpha, "alpha");
    }

    /** 40 MP, 64 MiB, alpha composited on white. */
    public static Settings defaults() {
      return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
      return new Builder();
    }

    /** A builder of {@link Settings}, starting from the defaults. */
    public static final class Builder {
      private long maxPixels = DEFAULT_MAX_PIXELS;
      private int maxBytes = DEFAULT_MAX_BYTES;
      private AlphaPolicy alpha = AlphaPolicy.COMPOSITE_ON_WHITE;

      private Builder() {}

      /** Sets {@link Settings#maxPixels()}. */
      public Builder maxPixels(long maxPixels) {
        this.maxPixels = maxPixels;
        return this;
      }

      /** Sets {@link Settings#maxBytes()}. */
      public Builder maxBytes(int maxBytes) {
        this.maxBytes = maxBytes;
        return this;
      }

      /** Sets {@link Settings#alpha()}. */
      public Builder alpha(AlphaPolicy alpha) {
        this.alpha = alpha;
        return this;
      }

      /** The settings, validated. */
      public Settings build() {
        return new Settings(maxPixels, maxBytes, alpha);
      }
    }
  }
}
