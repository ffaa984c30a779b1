package org.facefare.face.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.facefare.face.image.TestImages.BLUE;
import static org.facefare.face.image.TestImages.GREEN;
import static org.facefare.face.image.TestImages.RED;
import static org.facefare.face.image.TestImages.WHITE;
import static org.facefare.face.image.TestImages.near;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.facefare.face.TestData;
import org.facefare.face.image.ImageDecodeException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

  private final ImageDecoder decoder = new ImageDecoder();

  /**
   * Corner colours (TL, TR, BL, BR) of the upright picture for a stored red/green/blue/white
   * quadrant image, read off the EXIF specification's description of each orientation.
   */
  static Stream<Arguments> orientations() {
    return Stream.of(
        Arguments.of(1, new int[] {RED, GREEN, BLUE, WHITE}),
        Arguments.of(2, new int[] {GREEN, RED, WHITE, BLUE}),
        Arguments.of(3, new int[] {WHITE, BLUE, GREEN, RED}),
        Arguments.of(4, new int[] {BLUE, WHITE, RED, GREEN}),
        Arguments.of(5, new int[] {RED, BLUE, GREEN, WHITE}),
        Arguments.of(6, new int[] {BLUE, RED, WHITE, GREEN}),
        Arguments.of(7, new int[] {WHITE, GREEN, BLUE, RED}),
        Arguments.of(8, new int[] {GREEN, WHITE, RED, BLUE}));
  }

  private static int[] corners(RgbImage img) {
    int w = img.width() - 1;
    int h = img.height() - 1;
    return new int[] {img.rgb(0, 0), img.rgb(w, 0), img.rgb(0, h), img.rgb(w, h)};
  }

  private static void assertCorners(RgbImage img, int[] expected, int tolerance) {
    int[] actual = corners(img);
    for (int i = 0; i < 4; i++) {
      assertThat(near(actual[i], expected[i], tolerance))
          .as("corner %d is %06x, expected %06x", i, actual[i], expected[i])
          .isTrue();
    }
  }

  @ParameterizedTest(name = "EXIF orientation {0} in a JPEG")
  @MethodSource("orientations")
  void jpegExifOrientationIsApplied(int tag, int[] expectedCorners) throws Exception {
    for (boolean little : new boolean[] {true, false}) {
      byte[] jpeg =
          TestImages.withJpegExif(
              TestImages.jpeg(TestImages.quadrants(64, 32)), TestImages.exifTiff(tag, little));
      DecodedImage d = decoder.decode(jpeg);
      assertThat(d.format()).isEqualTo(ImageFormat.JPEG);
      assertThat(d.orientation().exifValue()).isEqualTo(tag);
      boolean swapped = tag >= 5;
      assertThat(d.image().width()).isEqualTo(swapped ? 32 : 64);
      assertThat(d.image().height()).isEqualTo(swapped ? 64 : 32);
      assertCorners(d.image(), expectedCorners, 24);
    }
  }

  @ParameterizedTest(name = "EXIF orientation {0} in a PNG eXIf chunk")
  @MethodSource("orientations")
  void pngExifOrientationIsAppliedExactly(int tag, int[] expectedCorners) throws Exception {
    byte[] png =
        TestImages.withPngExif(
            TestImages.encode(TestImages.quadrants(6, 4), "png"), TestImages.exifTiff(tag, false));
    RgbImage img = decoder.decode(png).image();
    assertCorners(img, expectedCorners, 0);
    // Every pixel, not just the corners: the upright picture is again a quadrant image.
    for (int y = 0; y < img.height(); y++) {
      for (int x = 0; x < img.width(); x++) {
        int quadrant = (y >= img.height() / 2 ? 2 : 0) + (x >= img.width() / 2 ? 1 : 0);
        assertThat(img.rgb(x, y)).as("(%d, %d)", x, y).isEqualTo(expectedCorners[quadrant]);
      }
    }
  }

  @Test
  void webpLosslessLossyAndOrientation() throws Exception {
    RgbImage lossless = decoder.decode(TestImages.resource("quadrants-lossless.webp")).image();
    assertThat(lossless.width()).isEqualTo(16);
    assertThat(lossless.height()).isEqualTo(12);
    assertCorners(lossless, new int[] {RED, GREEN, BLUE, WHITE}, 0);

    DecodedImage lossy = decoder.decode(TestImages.resource("quadrants-lossy.webp"));
    assertThat(lossy.format()).isEqualTo(ImageFormat.WEBP);
    assertCorners(lossy.image(), new int[] {RED, GREEN, BLUE, WHITE}, 40);

    DecodedImage turned = decoder.decode(TestImages.resource("quadrants-lossless-orient6.webp"));
    assertThat(turned.orientation()).isEqualTo(Orientation.ROTATE_90_CW);
    assertThat(turned.image().width()).isEqualTo(12);
    assertCorners(turned.image(), new int[] {BLUE, RED, WHITE, GREEN}, 0);
  }

  @Test
  void webpAlphaIsCompositedOrDropped() throws Exception {
    byte[] webp = TestImages.resource("alpha-lossless.webp"); // left half clear, right half 50% red
    RgbImage onWhite = decoder.decode(webp).image();
    assertThat(onWhite.rgb(0, 0)).isEqualTo(WHITE);
    assertThat(near(onWhite.rgb(7, 0), 0xFF7F7F, 1)).isTrue();
    RgbImage dropped = dropAlpha().decode(webp).image();
    assertThat(dropped.rgb(0, 0)).isEqualTo(0x000000);
    assertThat(dropped.rgb(7, 0)).isEqualTo(RED);
  }

  @Test
  void cmykJpegIsConvertedToRgb() throws Exception {
    RgbImage img = decoder.decode(TestImages.cmykJpeg(24, 16, 0, 255, 255, 0)).image();
    int rgb = img.rgb(10, 8);
    assertThat(rgb >> 16 & 0xFF).as("red of %06x", rgb).isGreaterThan(180);
    assertThat(rgb >> 8 & 0xFF).as("green of %06x", rgb).isLessThan(90);
    assertThat(rgb & 0xFF).as("blue of %06x", rgb).isLessThan(90);
  }

  @Test
  void embeddedIccProfileIsConvertedToSrgb() throws Exception {
    BufferedImage flat = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        flat.setRGB(x, y, 0x404040);
      }
    }
    java.awt.color.ICC_Profile linear =
        java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_LINEAR_RGB);
    byte[] jpeg = TestImages.withJpegIcc(TestImages.jpeg(flat), linear);
    // Linear 64/255 is sRGB 137 (0x89): the samples are re-encoded, not passed through.
    assertThat(near(decoder.decode(jpeg).image().rgb(8, 8), 0x898989, 3)).isTrue();
  }

  @Test
  void greyscalePngKeepsSampleValues() throws Exception {
    BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 100, 255});
    RgbImage img = decoder.decode(TestImages.encode(grey, "png")).image();
    assertThat(img.toByteArray()).containsExactly(0, 0, 0, 100, 100, 100, -1, -1, -1);
  }

  @Test
  void greyscaleJpegKeepsSampleValues() throws Exception {
    BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster r = grey.getRaster();
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        r.setSample(x, y, 0, 100);
      }
    }
    int rgb = decoder.decode(TestImages.jpeg(grey)).image().rgb(8, 8);
    assertThat(near(rgb, 0x646464, 2)).as("%06x", rgb).isTrue();
  }

  @Test
  void sixteenBitPngsAreScaledTo8Bits() throws Exception {
    ColorModel rgb16 =
        new ComponentColorModel(
            java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB),
            false,
            false,
            java.awt.Transparency.OPAQUE,
            DataBuffer.TYPE_USHORT);
    WritableRaster raster = rgb16.createCompatibleWritableRaster(2, 1);
    raster.setPixel(0, 0, new int[] {0xFFFF, 0x8080, 0});
    raster.setPixel(1, 0, new int[] {0x0101, 0x6464, 0xFEFF});
    byte[] png = TestImages.encode(new BufferedImage(rgb16, raster, false, null), "png");
    assertThat(png[24]).as("PNG bit depth").isEqualTo((byte) 16);
    RgbImage img = decoder.decode(png).image();
    assertThat(img.rgb(0, 0)).isEqualTo(0xFF8000);
    assertThat(img.rgb(1, 0)).isEqualTo(0x0164FE);

    BufferedImage grey16 = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
    grey16.getRaster().setSample(0, 0, 0, 0x6464);
    assertThat(decoder.decode(TestImages.encode(grey16, "png")).image().rgb(0, 0))
        .isEqualTo(0x646464);
  }

  @Test
  void palettePngsMapThroughThePalette() throws Exception {
    byte[] r = {(byte) 255, 0, 10};
    byte[] g = {0, (byte) 255, 20};
    byte[] b = {0, 0, 30};
    IndexColorModel palette = new IndexColorModel(2, 3, r, g, b);
    BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
    img.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {2, 0, 1});
    RgbImage out = decoder.decode(TestImages.encode(img, "png")).image();
    assertThat(out.rgb(0, 0)).isEqualTo(0x0A141E);
    assertThat(out.rgb(1, 0)).isEqualTo(RED);
    assertThat(out.rgb(2, 0)).isEqualTo(GREEN);

    byte[] alphas = {(byte) 255, 0, (byte) 128};
    IndexColorModel translucent = new IndexColorModel(2, 3, r, g, b, alphas);
    BufferedImage withAlpha = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY, translucent);
    withAlpha.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 1, 2});
    RgbImage composited = decoder.decode(TestImages.encode(withAlpha, "png")).image();
    assertThat(composited.rgb(0, 0)).isEqualTo(RED);
    assertThat(composited.rgb(1, 0)).as("transparent palette entry").isEqualTo(WHITE);
    assertThat(composited.rgb(2, 0)).isEqualTo(0x84898E); // (10, 20, 30) at alpha 128 over white

    BufferedImage bits = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY);
    bits.getRaster().setSamples(0, 0, 2, 1, 0, new int[] {1, 0});
    RgbImage mono = decoder.decode(TestImages.encode(bits, "png")).image();
    assertThat(mono.rgb(0, 0)).isEqualTo(WHITE);
    assertThat(mono.rgb(1, 0)).isEqualTo(0);
  }

  @Test
  void alphaPngIsCompositedOnWhiteOrDropped() throws Exception {
    BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x00123456); // fully transparent
    argb.setRGB(1, 0, 0x80FF0000); // half red
    argb.setRGB(2, 0, 0xFF0000FF); // opaque blue
    byte[] png = TestImages.encode(argb, "png");
    RgbImage onWhite = decoder.decode(png).image();
    assertThat(onWhite.rgb(0, 0)).isEqualTo(WHITE);
    assertThat(onWhite.rgb(1, 0)).isEqualTo(0xFF7F7F);
    assertThat(onWhite.rgb(2, 0)).isEqualTo(BLUE);
    RgbImage dropped = dropAlpha().decode(png).image();
    assertThat(dropped.rgb(0, 0)).isEqualTo(0x123456);
    assertThat(dropped.rgb(1, 0)).isEqualTo(RED);

    ColorModel greyAlpha =
        new ComponentColorModel(
            java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY),
            true,
            false,
            java.awt.Transparency.TRANSLUCENT,
            DataBuffer.TYPE_BYTE);
    WritableRaster ga = greyAlpha.createCompatibleWritableRaster(1, 1);
    ga.setPixel(0, 0, new int[] {0, 0x80});
    byte[] gaPng = TestImages.encode(new BufferedImage(greyAlpha, ga, false, null), "png");
    assertThat(decoder.decode(gaPng).image().rgb(0, 0)).isEqualTo(0x7F7F7F);
  }

  @Test
  void emptyInputIsEmpty() {
    assertReason(new byte[0], Reason.EMPTY);
  }

  @Test
  void textIsNotAnImage() {
    assertReason(
        "hello, world".getBytes(java.nio.charset.StandardCharsets.US_ASCII), Reason.NOT_AN_IMAGE);
    assertReason(new byte[] {(byte) 0xFF}, Reason.NOT_AN_IMAGE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gif", "bmp", "tiff"})
  void otherFormatsAreUnsupported(String format) {
    byte[] data = TestImages.encode(TestImages.quadrants(8, 8), format);
    assertThatThrownBy(() -> decoder.decode(data))
        .isInstanceOf(ImageDecodeException.class)
        .satisfies(
            e ->
                assertThat(((ImageDecodeException) e).reason())
                    .isEqualTo(Reason.UNSUPPORTED_FORMAT))
        .hasMessageContaining(format.toUpperCase(java.util.Locale.ROOT));
  }

  @Test
  void tooManyBytesIsRefusedBeforeParsing() {
    ImageDecoder small = new ImageDecoder(ImageDecoder.Settings.builder().maxBytes(100).build());
    byte[] png = TestImages.encode(TestImages.quadrants(64, 64), "png");
    assertThat(png.length).isGreaterThan(100);
    assertReason(small, png, Reason.TOO_MANY_BYTES);
    assertThatThrownBy(() -> small.decode(new ByteArrayInputStream(png)))
        .satisfies(
            e -> assertThat(((ImageDecodeException) e).reason()).isEqualTo(Reason.TOO_MANY_BYTES));
  }

  @Test
  void decompressionBombsAreRefusedFromTheHeader() {
    byte[] png = TestImages.encode(TestImages.quadrants(8, 8), "png");
    assertReason(TestImages.withPngDimensions(png, 100_000, 100_000), Reason.TOO_MANY_PIXELS);
    assertReason(TestImages.withPngDimensions(png, Integer.MAX_VALUE, 1), Reason.TOO_MANY_PIXELS);
    assertReason(TestImages.withPngDimensions(png, 0, 8), Reason.CORRUPT);
    byte[] jpeg = TestImages.jpeg(TestImages.quadrants(16, 16));
    assertReason(TestImages.withJpegDimensions(jpeg, 65_535, 65_535), Reason.TOO_MANY_PIXELS);
    ImageDecoder tiny = new ImageDecoder(ImageDecoder.Settings.builder().maxPixels(255).build());
    assertReason(tiny, jpeg, Reason.TOO_MANY_PIXELS);
  }

  @Test
  void truncatedImagesAreCorrupt() {
    byte[] jpeg = TestImages.jpeg(TestImages.quadrants(64, 64));
    for (int cut : new int[] {jpeg.length - 2, jpeg.length / 2, 200, 3}) {
      assertReason(Arrays.copyOf(jpeg, cut), Reason.CORRUPT);
    }
    byte[] png = TestImages.encode(TestImages.quadrants(64, 64), "png");
    for (int cut : new int[] {png.length - 30, png.length / 2, 40, 20, 9}) {
      assertReason(Arrays.copyOf(png, cut), Reason.CORRUPT);
    }
    byte[] webp = TestImages.resource("quadrants-lossy.webp");
    for (int cut : new int[] {webp.length / 2, 20, 13}) {
      assertReason(Arrays.copyOf(webp, cut), Reason.CORRUPT);
    }
  }

  @Test
  void damagedScanDataIsCorrupt() {
    byte[] jpeg = TestImages.jpeg(TestImages.quadrants(64, 64));
    int scan = JpegSegments.parse(jpeg).firstScan();
    int middle = scan + (jpeg.length - scan) / 2;
    byte[] damaged = jpeg.clone();
    damaged[middle] = (byte) 0xFF; // an unexpected restart marker inside the entropy-coded data
    damaged[middle + 1] = (byte) 0xD3;
    assertThatThrownBy(() -> decoder.decode(damaged))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("libjpeg")
        .satisfies(e -> assertThat(((ImageDecodeException) e).reason()).isEqualTo(Reason.CORRUPT));
  }

  @Test
  void failingStreamIsReadFailed() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("network gone");
          }
        };
    assertThatThrownBy(() -> decoder.decode(broken))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageContaining("network gone")
        .satisfies(
            e -> assertThat(((ImageDecodeException) e).reason()).isEqualTo(Reason.READ_FAILED));
  }

  @Test
  void streamDecodeMatchesArrayDecode() throws Exception {
    byte[] png = TestImages.encode(TestImages.quadrants(10, 10), "png");
    assertThat(decoder.decode(new ByteArrayInputStream(png)).image())
        .isEqualTo(decoder.decode(png).image());
  }

  @Test
  void pngEncoderRoundTripsExactly() throws Exception {
    byte[] rgb = new byte[3 * 5 * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 37);
    }
    RgbImage img = RgbImage.of(5, 3, rgb);
    assertThat(decoder.decode(PngEncoder.encode(img)).image()).isEqualTo(img);
  }

  @Test
  void settingsRejectNonsense() {
    assertThatThrownBy(() -> ImageDecoder.Settings.builder().maxPixels(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPixels");
    assertThatThrownBy(() -> ImageDecoder.Settings.builder().maxPixels(1L << 31).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPixels");
    assertThatThrownBy(() -> ImageDecoder.Settings.builder().maxBytes(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBytes");
  }

  /** The real photographs on this machine decode, when they are here. */
  @Test
  void samplePhotosDecode() throws Exception {
    Path samples =
        Path.of(System.getProperty("user.home"), ".cache/facefare/models/face-api/samples");
    Path thumbs = TestData.datasets().resolve("celeb-thumbs");
    List<Path> files = new java.util.ArrayList<>();
    for (Path dir : List.of(samples, thumbs)) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.walk(dir)) {
          s.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)")).limit(40).forEach(files::add);
        }
      }
    }
    assumeTrue(
        !files.isEmpty(), "no sample photos under " + samples + " or " + thumbs + "; skipped");
    for (Path f : files) {
      DecodedImage d = decoder.decode(Files.readAllBytes(f));
      assertThat(d.image().width()).as(f.toString()).isPositive();
    }
  }

  private static ImageDecoder dropAlpha() {
    return new ImageDecoder(ImageDecoder.Settings.builder().alpha(AlphaPolicy.DROP).build());
  }

  private void assertReason(byte[] data, Reason reason) {
    assertReason(decoder, data, reason);
  }

  private static void assertReason(ImageDecoder decoder, byte[] data, Reason reason) {
    assertThatThrownBy(() -> decoder.decode(data))
        .isInstanceOf(ImageDecodeException.class)
        .satisfies(
            e ->
                assertThat(((ImageDecodeException) e).reason())
                    .as(e.getMessage())
                    .isEqualTo(reason));
  }
}
