package org.facefare.server.web;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web apps' texts in every supported language, from the resource bundles {@code
 * web/i18n/<bundle>_<lang>.properties}: a key's prefix up to the first dot names its bundle ({@code
 * rider.wallet.title} is in {@code rider}); keys without a feature prefix are in {@code common}.
 *
 * <p>Bundles are read without falling back to the JVM's default locale, so a key missing from one
 * language fails loudly in tests rather than showing another language; {@link MessageFormat}
 * patterns take arguments ({@code {0}}).
 */
public final class Messages {

  /** The languages the web apps speak, the first being the default. */
  public static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.forLanguageTag("ru"));

  /** The feature bundles besides {@code common}. */
  public static final Set<String> FEATURE_BUNDLES = Set.of("rider", "console");

  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

  private final Map<String, ResourceBundle> bundles = new ConcurrentHashMap<>();

  /** The bundled texts. */
  public Messages() {}

  /** The supported language for a tag such as {@code ru} or {@code en-GB}, if any. */
  public static java.util.Optional<Locale> supported(String tag) {
    if (tag == null || tag.isBlank()) {
      return java.util.Optional.empty();
    }
    String language = Locale.forLanguageTag(tag.strip()).getLanguage();
    return LANGUAGES.stream().filter(l -> l.getLanguage().equals(language)).findFirst();
  }

  /**
   * The text of {@code key} in {@code language}, formatted with {@code args}.
   *
   * @throws MissingResourceException if the key is not in that language's bundle
   */
  public String text(Locale language, String key, Object... args) {
    Objects.requireNonNull(key, "key");
    String pattern = bundle(bundleOf(key), language).getString(key);
    if (args.length == 0) {
      return pattern.replace("''", "'");
    }
    return new MessageFormat(pattern, language).format(args);
  }

  /** The keys of {@code bundle} in {@code language} (for tests that compare languages). */
  public Set<String> keys(String bundle, Locale language) {
    return new TreeSet<>(bundle(bundle, language).keySet());
  }

  private ResourceBundle bundle(String name, Locale language) {
    return bundles.computeIfAbsent(
        name + "_" + language.getLanguage(),
        k -> ResourceBundle.getBundle("web.i18n." + name, language, NO_FALLBACK));
  }

  private static String bundleOf(String key) {
    int dot = key.indexOf('.');
    String prefix = dot < 0 ? "" : key.substring(0, dot);
    return FEATURE_BUNDLES.contains(prefix) ? prefix : "common";
  }
}
