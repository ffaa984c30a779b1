package org.facefare.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bundle speaks every language with the same keys, and a missing key fails loudly. */
class MessagesTest {

  static Stream<String> bundles() {
    return Stream.concat(Stream.of("common"), Messages.FEATURE_BUNDLES.stream());
  }

  @ParameterizedTest
  @MethodSource("bundles")
  void everyLanguageHasEveryKey(String bundle) {
    Messages m = new Messages();
    var english = m.keys(bundle, Locale.ENGLISH);
    assertThat(english).isNotEmpty();
    for (Locale l : Messages.LANGUAGES) {
      assertThat(m.keys(bundle, l)).as(bundle + " in " + l).isEqualTo(english);
      for (String key : english) {
        assertThat(m.text(l, key)).as(key + " in " + l).isNotBlank();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("bundles")
  void featureKeysCarryTheirPrefix(String bundle) {
    Messages m = new Messages();
    for (String key : m.keys(bundle, Locale.ENGLISH)) {
      if (bundle.equals("common")) {
        assertThat(Messages.FEATURE_BUNDLES).doesNotContain(key.substring(0, key.indexOf('.')));
      } else {
        assertThat(key).startsWith(bundle + ".");
      }
    }
  }

  @org.junit.jupiter.api.Test
  void formatsArgumentsAndRefusesUnknownKeys() {
    Messages m = new Messages();
    assertThat(m.text(Locale.ENGLISH, "error.title", 404)).isEqualTo("Error 404");
    assertThat(m.text(Locale.forLanguageTag("ru"), "error.title", 404)).isEqualTo("Ошибка 404");
    assertThatThrownBy(() -> m.text(Locale.ENGLISH, "no.such.key"))
        .isInstanceOf(MissingResourceException.class);
    assertThat(Messages.supported("ru-RU")).contains(Locale.forLanguageTag("ru"));
    assertThat(Messages.supported("de")).isEmpty();
  }
}
