package org.facefare.server.web;

import gg.jte.Content;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.facefare.server.web.auth.Account;
import org.facefare.server.web.auth.Role;

/**
 * What every page template is given: the language and its texts, the signed-in account, the CSRF
 * token for forms and the path of the page.
 */
public final class View {

  private final Messages messages;
  private final Locale language;
  private final Optional<Account> account;
  private final String csrfToken;
  private final String path;

  View(
      Messages messages,
      Locale language,
      Optional<Account> account,
      String csrfToken,
      String path) {
    this.messages = messages;
    this.language = language;
    this.account = account;
    this.csrfToken = csrfToken;
    this.path = path;
  }

  /** The text of {@code key} in the page's language, formatted with {@code args}. */
  public String t(String key, Object... args) {
    return messages.text(language, key, args);
  }

  /** The page's language tag ({@code en}, {@code ru}). */
  public String lang() {
    return language.getLanguage();
  }

  /** The page's language. */
  public Locale locale() {
    return language;
  }

  /** The signed-in account. */
  public Optional<Account> account() {
    return account;
  }

  /** Whether someone is signed in. */
  public boolean signedIn() {
    return account.isPresent();
  }

  /** Whether a rider is signed in. */
  public boolean rider() {
    return account.map(a -> a.role() == Role.RIDER).orElse(false);
  }

  /** Whether an operator or auditor is signed in. */
  public boolean staff() {
    return account.map(a -> a.role().staff()).orElse(false);
  }

  /** Whether an operator is signed in (the one role that may change the network). */
  public boolean operator() {
    return account.map(a -> a.role() == Role.OPERATOR).orElse(false);
  }

  /** The session's CSRF token (for {@code fetch} calls: the {@code X-CSRF-Token} header). */
  public String csrfToken() {
    return csrfToken;
  }

  /** The hidden form field that carries the CSRF token; every form that posts includes it. */
  public Content csrf() {
    // The token is URL-safe Base64, so it needs no escaping inside the attribute.
    return output ->
        output.writeContent(
            "<input type=\"hidden\" name=\""
                + WebServer.CSRF_FIELD
                + "\" value=\""
                + csrfToken
                + "\">");
  }

  /** The path of the page being rendered. */
  public String path() {
    return path;
  }

  /** Whether the page is {@code prefix} or below it (for navigation highlighting). */
  public boolean under(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
  }
}
