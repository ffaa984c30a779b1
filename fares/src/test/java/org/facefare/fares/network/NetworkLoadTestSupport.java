package org.facefare.fares.network;

import java.nio.charset.StandardCharsets;
import org.facefare.fares.document.Document;

/** The small test network moved to another time zone, for tests outside this package. */
public final class NetworkLoadTestSupport {

  private NetworkLoadTestSupport() {}

  /** The small network with its time zone replaced by {@code zone}. */
  public static Network smallIn(String zone) {
    String text = NetworkLoadTest.small().replace("timeZone: Europe/Moscow", "timeZone: " + zone);
    return Network.parse(
        "small-" + zone.replace('/', '-') + ".yaml",
        text.getBytes(StandardCharsets.UTF_8),
        Document.Format.YAML);
  }
}
