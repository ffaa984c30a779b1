package org.facefare.privacy.consent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The published consent texts, every version, of which the highest is current. */
public final class ConsentTexts {

  private static final String FOLDER = "/org/facefare/privacy/consent/";

  private final List<ConsentText> versions;

  /**
   * The given texts.
   *
   * @throws IllegalArgumentException if there are none or two share a version
   */
  public ConsentTexts(List<ConsentText> versions) {
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("there must be at least one consent text");
    }
    List<ConsentText> sorted = new ArrayList<>(versions);
    sorted.sort(Comparator.comparingInt(ConsentText::version));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).version() == sorted.get(i - 1).version()) {
        throw new IllegalArgumentException(
            "two consent texts have version " + sorted.get(i).version());
      }
    }
    this.versions = List.copyOf(sorted);
  }

  /** The texts shipped with FaceFare (resources {@code org/facefare/privacy/consent/}). */
  public static ConsentTexts bundled() {
    List<ConsentText> texts = new ArrayList<>();
    for (String line : read("versions.txt").split("\\R")) {
      String v = line.strip();
      if (v.isEmpty() || v.startsWith("#")) {
        continue;
      }
      int version = Integer.parseInt(v);
      texts.add(new ConsentText(version, read("consent-v" + version + ".txt")));
    }
    return new ConsentTexts(texts);
  }

  /** The current text: the one a new enrolment must consent to. */
  public ConsentText current() {
    return versions.getLast();
  }

  /** The text of a version. */
  public Optional<ConsentText> version(int version) {
    return versions.stream().filter(t -> t.version() == version).findFirst();
  }

  private static String read(String name) {
    try (InputStream in = ConsentTexts.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IllegalStateException("the consent resource " + FOLDER + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the consent resource " + name, e);
    }
  }
}
