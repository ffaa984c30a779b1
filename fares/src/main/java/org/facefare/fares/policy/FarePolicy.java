package org.facefare.fares.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.facefare.fares.document.Document;
import org.facefare.fares.document.DocumentException;
import org.facefare.fares.document.DocumentSchema;

/**
 * A versioned fare policy: one currency, one service-day boundary and the versions that price each
 * service day, never two for the same day.
 *
 * <p>Policies are read from YAML or JSON documents ({@code docs/fares.md} describes the format and
 * the exact semantics), checked against {@code fare-policy.schema.json} and then for contradictions
 * (a cap below a fare, a daily cap above the weekly, two versions in effect at once, unknown modes,
 * negative or overflowing amounts, mixed currencies); any problem is a {@link DocumentException}
 * naming the file, line and field.
 *
 * @see org.facefare.fares.engine.FareEngine
 */
public final class FarePolicy {

  private static final DocumentSchema SCHEMA =
      DocumentSchema.resource(FarePolicy.class, "fare-policy.schema.json");

  private final String id;
  private final Currency currency;
  private final LocalTime serviceDayStart;
  private final List<PolicyVersion> versions;

  FarePolicy(
      String id, Currency currency, LocalTime serviceDayStart, List<PolicyVersion> versions) {
    this.id = Objects.requireNonNull(id, "id");
    this.currency = Objects.requireNonNull(currency, "currency");
    this.serviceDayStart = Objects.requireNonNull(serviceDayStart, "serviceDayStart");
    this.versions = List.copyOf(versions);
  }

  /** Reads a policy document; its format is named by the file's extension. */
  public static FarePolicy load(Path file) {
    return PolicyReader.read(Document.read(file, SCHEMA));
  }

  /** Reads a policy document named {@code source} from {@code bytes}. */
  public static FarePolicy parse(String source, byte[] bytes, Document.Format format) {
    return PolicyReader.read(Document.parse(source, bytes, format, SCHEMA));
  }

  /** Reads a policy document bundled as a class-path resource next to this class. */
  public static FarePolicy resource(String name) {
    try (InputStream in = FarePolicy.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fare-policy resource " + name);
      }
      return parse(name, in.readAllBytes(), Document.Format.of(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read fare-policy resource " + name, e);
    }
  }

  /** The sample Moscow-like policy for the sample metro ({@code sample-metro-fares.yaml}). */
  public static FarePolicy sampleMetro() {
    return resource("sample-metro-fares.yaml");
  }

  /** The policy's id. */
  public String id() {
    return id;
  }

  /** The currency of every amount in the policy. */
  public Currency currency() {
    return currency;
  }

  /** The local time at which a service day begins (e.g. 04:30: the day runs 04:30 to 04:29). */
  public LocalTime serviceDayStart() {
    return serviceDayStart;
  }

  /** The versions, in order of their effective dates. */
  public List<PolicyVersion> versions() {
    return versions;
  }

  /** The version that prices service day {@code day}, if any does. */
  public Optional<PolicyVersion> versionOn(LocalDate day) {
    for (PolicyVersion version : versions) {
      if (version.inEffectOn(day)) {
        return Optional.of(version);
      }
    }
    return Optional.empty();
  }
}
