package org.facefare.privacy.log;

/**
 * An entry's place in the log, returned on append: enough to ask for its inclusion proof later.
 *
 * @param index the leaf index
 * @param leafHash the leaf hash
 */
public record Appended(long index, byte[] leafHash) {}
