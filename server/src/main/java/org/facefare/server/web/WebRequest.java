package org.facefare.server.web;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.facefare.server.web.auth.Account;

/** One admitted web request: its context, the signed-in account, and the view for templates. */
public final class WebRequest {

  /** The context attribute that marks a response whose page a handler rendered. */
  static final String RENDERED = "facefare.rendered";

  private final Context ctx;
  private final Optional<Account> account;
  private final View view;
  private final TemplateEngine templates;
  private final WebContext web;

  WebRequest(
      Context ctx, Optional<Account> account, View view, TemplateEngine templates, WebContext web) {
    this.ctx = ctx;
    this.account = account;
    this.view = view;
    this.templates = templates;
    this.web = web;
  }

  /** The underlying HTTP context (headers, uploads, status). */
  public Context ctx() {
    return ctx;
  }

  /** The running system, accounts and clock. */
  public WebContext web() {
    return web;
  }

  /**
   * The signed-in account.
   *
   * @throws IllegalStateException on a public route without a session (a route's {@link Access}
   *     guarantees one otherwise)
   */
  public Account account() {
    return account.orElseThrow(() -> new IllegalStateException("nobody is signed in"));
  }

  /** The signed-in account, if any. */
  public Optional<Account> signedIn() {
    return account;
  }

  /** The view handed to templates. */
  public View view() {
    return view;
  }

  /** The text of {@code key} in the request's language. */
  public String t(String key, Object... args) {
    return view.t(key, args);
  }

  /** A form field, stripped; empty if absent. */
  public String form(String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v.strip();
  }

  /**
   * Renders {@code template} (a path under {@code src/main/jte}) with {@code params} and the view.
   */
  public void render(String template, Map<String, Object> params) {
    ctx.attribute(RENDERED, Boolean.TRUE);
    ctx.html(html(template, params));
  }

  /** Renders {@code template} with status {@code status}. */
  public void render(int status, String template, Map<String, Object> params) {
    ctx.status(status);
    render(template, params);
  }

  /** The HTML of {@code template} with {@code params} and the view. */
  public String html(String template, Map<String, Object> params) {
    Map<String, Object> all = new HashMap<>(params);
    all.put("view", view);
    StringOutput out = new StringOutput();
    templates.render(template, all, out);
    return out.toString();
  }

  /** Answers with the error page: {@code status} and the text of {@code messageKey}. */
  public void error(int status, String messageKey, Object... args) {
    render(status, "error.jte", Map.of("status", status, "message", view.t(messageKey, args)));
  }

  /** Redirects to {@code path} (303, so that a form post becomes a get). */
  public void redirect(String path) {
    ctx.redirect(path, io.javalin.http.HttpStatus.SEE_OTHER);
  }
}
