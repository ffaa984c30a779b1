package org.facefare.fares.network;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A kind of transport a line runs, as fare rules tell them apart. */
public enum Mode {
  /** An underground or elevated metro line, the ring line included. */
  METRO,
  /** A ring railway around the city (like Moscow's MCC), gated like the metro. */
  RING_RAILWAY,
  /** A bus route; its "gates" are the validators on board. */
  BUS;

  /** The name documents use: {@code metro}, {@code ring_railway}, {@code bus}. */
  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode a document names, or a clear error listing the known ones. */
  public static Mode of(String key) {
    for (Mode mode : values()) {
      if (mode.key().equals(key)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown mode '" + key + "' (known: " + known() + ")");
  }

  /** The known modes' names, comma-separated. */
  public static String known() {
    return Arrays.stream(values()).map(Mode::key).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return key();
  }
}
