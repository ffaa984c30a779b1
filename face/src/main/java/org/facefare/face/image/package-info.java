/**
 * Decoding of untrusted JPEG, PNG and WebP bytes into upright 8-bit RGB images, with EXIF
 * orientation applied and decompression bombs refused from the header; start at {@link
 * org.facefare.face.image.ImageDecoder}.
 *
 * <pre>{@code
 * ImageDecoder decoder = new ImageDecoder(ImageDecoder.Settings.builder().maxPixels(12_000_000).build());
 * try {
 *   RgbImage frame = decoder.decode(bytes).image();
 * } catch (ImageDecodeException e) {
 *   // e.reason(): EMPTY, TOO_MANY_BYTES, NOT_AN_IMAGE, UNSUPPORTED_FORMAT, TOO_MANY_PIXELS, ...
 * }
 * }</pre>
 */
package org.facefare.face.image;
