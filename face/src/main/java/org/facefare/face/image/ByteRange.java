package org.facefare.face.image;

/** A run of {@code length} bytes from {@code offset} inside an encoded image held in memory. */
record ByteRange(int offset, int length) {}
