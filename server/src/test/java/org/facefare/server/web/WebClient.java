package org.facefare.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-like HTTP client of a {@link WebTestServer} for page tests: its own cookie jar (so its
 * own session), no redirects followed, form posts and the CSRF token of a page.
 */
public class WebClient {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([A-Za-z0-9_-]+)\"");

  private final WebTestServer server;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient http =
      HttpClient.newBuilder()
          .cookieHandler(cookies)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** A client of {@code server} with an empty cookie jar. */
  public WebClient(WebTestServer server) {
    this.server = server;
  }

  /** The server. */
  public WebTestServer server() {
    return server;
  }

  /** The cookie jar. */
  public CookieManager cookies() {
    return cookies;
  }

  /** Sends {@code request} with this client's cookies. */
  public HttpResponse<String> send(HttpRequest request) throws Exception {
    return send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Sends {@code request} with this client's cookies, the body read by {@code body}. */
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
      throws Exception {
    return http.send(request, body);
  }

  /** A request builder for {@code path} on the server. */
  public HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server.url(path)));
  }

  /** {@code GET path} with optional header name/value pairs. */
  public HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = request(path);
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  /** {@code POST path} with {@code form} URL-encoded (the caller includes the CSRF field). */
  public HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
    return send(
        request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(formBody(form)))
            .build());
  }

  /** The CSRF token in the form of {@code page}. */
  public String csrf(String page) throws Exception {
    Matcher m = CSRF.matcher(get(page).body());
    assertThat(m.find()).as("a CSRF field on " + page).isTrue();
    return m.group(1);
  }

  /** {@code fields} as an {@code application/x-www-form-urlencoded} body. */
  public static String formBody(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
