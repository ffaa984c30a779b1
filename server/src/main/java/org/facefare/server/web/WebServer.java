package org.facefare.server.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import jakarta.servlet.http.HttpSession;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.ServerConnector;
import org.facefare.server.web.auth.Account;
import org.facefare.server.web.auth.LoginThrottle;

/**
 * FaceFare's web apps over HTTP: the pages of every {@link WebFeature}, with sessions, CSRF checks,
 * access by role, languages, security headers and the static assets.
 *
 * <p>Pages are jte templates compiled at build time (so a template that does not type-check fails
 * the build) and rendered with context-sensitive HTML escaping. Sessions are Jetty's, in memory,
 * behind an {@code HttpOnly}, {@code SameSite=Lax} cookie ({@code Secure} when configured); the
 * session id changes at sign-in (session fixation). Every state-changing request carries the
 * session's synchronizer token (OWASP CSRF Prevention Cheat Sheet), compared in constant time.
 * Responses carry a strict Content-Security-Policy without inline scripts, so injected markup
 * cannot run, and {@code Cache-Control: no-store}, so personal pages stay out of shared caches.
 */
public final class WebServer implements AutoCloseable {

  /** The form field that carries the CSRF token. */
  public static final String CSRF_FIELD = "_csrf";

  /** The header that carries the CSRF token on {@code fetch} requests. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  /** How many more failed sign-ins one client address may make than one account address. */
  static final int CLIENT_THROTTLE_FACTOR = 20;

  static final String LANG_COOKIE = "facefare_lang";
  private static final String SESSION_ACCOUNT = "account";
  private static final String SESSION_CSRF = "csrf";
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
          + " media-src 'self' blob: mediastream:; connect-src 'self'; object-src 'none';"
          + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  private static final System.Logger LOG = System.getLogger(WebServer.class.getName());

  private final Javalin app;
  private final WebSettings settings;
  private final List<WebFeature> features;

  private WebServer(Javalin app, WebSettings settings, List<WebFeature> features) {
    this.app = app;
    this.settings = settings;
    this.features = features;
  }

  /**
   * Starts the web apps with the foundation's pages (home, sign-up, sign-in) and {@code features}.
   */
  public static WebServer start(WebSettings settings, WebContext web, List<WebFeature> features) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(web, "web");
    TemplateEngine templates =
        TemplateEngine.createPrecompiled(
            null,
            ContentType.Html,
            WebServer.class.getClassLoader(),
            "org.facefare.server.web.pages");
    Messages messages = new Messages();
    SecureRandom random = new SecureRandom();
    WebRoutes routes = new WebRoutes();
    new AuthFeature(
            new LoginThrottle(settings.maxFailedSignIns(), settings.signInWindow(), web.clock()),
            new LoginThrottle(
                CLIENT_THROTTLE_FACTOR * settings.maxFailedSignIns(),
                settings.signInWindow(),
                web.clock()))
        .register(routes);
    for (WebFeature f : features) {
      f.register(routes);
    }
    Pages pages = new Pages(web, templates, messages, random);
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.http.maxRequestSize = 12L * 1024 * 1024;
              config.jetty.modifyServletContextHandler(
                  handler -> {
                    SessionHandler sessions = new SessionHandler();
                    sessions.setSessionCookie("facefare_session");
                    sessions.setHttpOnly(true);
                    sessions.setSameSite(HttpCookie.SameSite.LAX);
                    sessions.setSecureCookies(settings.secureCookies());
                    sessions.setMaxInactiveInterval((int) settings.sessionIdle().toSeconds());
                    handler.setSessionHandler(sessions);
                  });
              config.jetty.addConnector(
                  (server, http) -> {
                    ServerConnector c = new ServerConnector(server);
                    c.setHost(settings.host());
                    c.setPort(settings.port());
                    return c;
                  });
              config.staticFiles.add(
                  sf -> {
                    sf.hostedPath = "/static";
                    sf.directory = "/web/static";
                    sf.location = Location.CLASSPATH;
                  });
              config.staticFiles.enableWebjars();
              config.routes.before(ctx -> pages.guard(ctx));
              for (WebRoutes.Route r : routes.all()) {
                switch (r.method()) {
                  case "GET" -> config.routes.get(r.path(), ctx -> pages.dispatch(r, ctx));
                  case "POST" -> config.routes.post(r.path(), ctx -> pages.dispatch(r, ctx));
                  case "SSE" -> {
                    config.routes.before(r.path(), ctx -> pages.admitStream(r, ctx));
                    config.routes.sse(
                        r.path(), client -> r.sse().handle(pages.request(client.ctx()), client));
                  }
                  default -> throw new IllegalStateException(r.method());
                }
              }
              config.routes.exception(Refused.class, (e, ctx) -> pages.refused(e, ctx));
              config.routes.exception(Exception.class, (e, ctx) -> pages.failed(e, ctx));
              config.routes.error(
                  404,
                  ctx -> {
                    if (ctx.attribute(WebRequest.RENDERED) == null) {
                      pages.notFound(ctx);
                    }
                  });
            });
    app.start();
    return new WebServer(app, settings, List.copyOf(features));
  }

  /** The port the web apps listen on. */
  public int port() {
    return app.port();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
  public URI url() {
    String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
    return URI.create("http://" + host + ":" + port());
  }

  @Override
  public void close() {
    try {
      app.stop();
    } finally {
      for (WebFeature f : features) {
        f.close();
      }
    }
  }

  /** Signs {@code account} in on {@code request}'s session, under a fresh session id and token. */
  static void signIn(WebRequest request, Account account, SecureRandom random) {
    HttpSession session = request.ctx().req().getSession(true);
    request.ctx().req().changeSessionId();
    session.setAttribute(SESSION_ACCOUNT, account.id());
    session.setAttribute(SESSION_CSRF, newToken(random));
  }

  /** Ends {@code request}'s session. */
  static void signOut(WebRequest request) {
    HttpSession session = request.ctx().req().getSession(false);
    if (session != null) {
      session.invalidate();
    }
  }

  private static String newToken(SecureRandom random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** A request refused before its handler: not signed in, wrong role or a bad CSRF token. */
  static class Refused extends RuntimeException {
    final int status;
    final String messageKey;

    Refused(int status, String messageKey) {
      super(messageKey, null, false, false);
      this.status = status;
      this.messageKey = messageKey;
    }
  }

  /** The per-request work: session, language, guards, rendering of refusals and errors. */
  private static final class Pages {
    private final WebContext web;
    private final TemplateEngine templates;
    private final Messages messages;
    private final SecureRandom random;

    Pages(WebContext web, TemplateEngine templates, Messages messages, SecureRandom random) {
      this.web = web;
      this.templates = templates;
      this.messages = messages;
      this.random = random;
    }

    void guard(Context ctx) {
      ctx.header("Content-Security-Policy", CSP);
      ctx.header("X-Content-Type-Options", "nosniff");
      ctx.header("X-Frame-Options", "DENY");
      ctx.header("Referrer-Policy", "same-origin");
      ctx.header("Permissions-Policy", "camera=(self), microphone=(), geolocation=()");
      if (!ctx.path().startsWith("/static/") && !ctx.path().startsWith("/webjars/")) {
        ctx.header("Cache-Control", "no-store");
      }
      String method = ctx.method().name();
      if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS")) {
        HttpSession session = ctx.req().getSession(false);
        String expected = session == null ? null : (String) session.getAttribute(SESSION_CSRF);
        String given = ctx.header(CSRF_HEADER);
        if (given == null) {
          given = ctx.formParam(CSRF_FIELD);
        }
        if (expected == null
            || given == null
            || !MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII))) {
          throw new Refused(403, "error.csrf");
        }
      }
    }

    void dispatch(WebRoutes.Route route, Context ctx) throws Exception {
      WebRequest request = request(ctx);
      admit(route, request, ctx);
      route.handler().handle(request);
    }

    void admitStream(WebRoutes.Route route, Context ctx) {
      admit(route, request(ctx), ctx);
    }

    private void admit(WebRoutes.Route route, WebRequest request, Context ctx) {
      if (route.access().admits(request.signedIn())) {
        return;
      }
      if (request.signedIn().isEmpty()) {
        if (ctx.method().name().equals("GET") && !route.method().equals("SSE")) {
          String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
          throw new Redirect("/signin?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        }
        throw new Refused(401, "error.signin");
      }
      throw new Refused(403, "error.forbidden");
    }

    WebRequest request(Context ctx) {
      HttpSession session = ctx.req().getSession(true);
      String token = (String) session.getAttribute(SESSION_CSRF);
      if (token == null) {
        token = newToken(random);
        session.setAttribute(SESSION_CSRF, token);
      }
      Optional<Account> account = Optional.empty();
      Object id = session.getAttribute(SESSION_ACCOUNT);
      if (id instanceof UUID uuid) {
        account = web.accounts().byId(uuid);
        if (account.isEmpty()) {
          // The account was deleted: its sessions end with it.
          session.removeAttribute(SESSION_ACCOUNT);
        }
      }
      View view = new View(messages, language(ctx), account, token, ctx.path());
      return new WebRequest(ctx, account, view, templates, web);
    }

    private Locale language(Context ctx) {
      Optional<Locale> asked = Messages.supported(ctx.queryParam("lang"));
      if (asked.isPresent()) {
        ctx.cookie(
            new io.javalin.http.Cookie(
                LANG_COOKIE,
                asked.get().getLanguage(),
                "/",
                365 * 24 * 3600,
                false,
                false,
                null,
                io.javalin.http.SameSite.LAX));
        return asked.get();
      }
      Optional<Locale> remembered = Messages.supported(ctx.cookie(LANG_COOKIE));
      if (remembered.isPresent()) {
        return remembered.get();
      }
      String accept = ctx.header("Accept-Language");
      if (accept != null) {
        try {
          Locale best = Locale.lookup(Locale.LanguageRange.parse(accept), Messages.LANGUAGES);
          if (best != null) {
            return best;
          }
        } catch (IllegalArgumentException badHeader) {
          // A malformed Accept-Language header gets the default language.
        }
      }
      return Messages.LANGUAGES.get(0);
    }

    void refused(Refused e, Context ctx) {
      if (e instanceof Redirect r) {
        ctx.redirect(r.location, HttpStatus.SEE_OTHER);
        return;
      }
      WebRequest request = request(ctx);
      request.error(e.status, e.messageKey);
    }

    void notFound(Context ctx) {
      request(ctx).error(404, "error.notfound");
    }

    void failed(Exception e, Context ctx) {
      String incident = UUID.randomUUID().toString().substring(0, 8);
      LOG.log(System.Logger.Level.ERROR, "web request " + ctx.path() + " failed: " + incident, e);
      try {
        request(ctx).error(500, "error.internal", incident);
      } catch (RuntimeException again) {
        ctx.status(500).result("Internal error " + incident);
      }
    }
  }

  /** A refusal that sends the visitor to sign in first. */
  private static final class Redirect extends Refused {
    final String location;

    Redirect(String location) {
      super(303, "error.signin");
      this.location = location;
    }
  }
}
