package org.facefare.server.web.console;

import java.util.List;

/**
 * A console form's input that cannot be used, with the i18n key (and arguments) of the message that
 * tells the operator why; nothing was changed.
 */
final class ConsoleInputException extends RuntimeException {

  private final String key;
  private final transient List<Object> args;

  ConsoleInputException(String key, Object... args) {
    super(key);
    this.key = key;
    this.args = List.of(args);
  }

  String key() {
    return key;
  }

  Object[] args() {
    return args.toArray();
  }
}
