package kstore.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One API client of the test store as a browser or the mobile app would be: it keeps the session cookie and the
 * CSRF token (browser) or the bearer token (mobile) and sends them the way the storefront does.
 */
final class Client {
  final String base;
  String session;
  String csrf;
  String bearer;
  String refresh;
  String country;

  Client(String base) {
    this.base = base;
  }

  Http.Response get(String path) {
    return send("GET", path, null);
  }

  Http.Response post(String path, JsonObject body) {
    return send("POST", path, body);
  }

  Http.Response patch(String path, JsonObject body) {
    return send("PATCH", path, body);
  }

  Http.Response delete(String path) {
    return send("DELETE", path, null);
  }

  Http.Response send(String method, String path, JsonObject body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (session != null) {
      b.header("Cookie", "kstore_session=" + session);
    }
    if (csrf != null && !method.equals("GET")) {
      b.header("X-CSRF-Token", csrf);
    }
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    if (country != null) {
      b.header("X-Country", country);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    Http.Response r = Http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.encode())).build());
    keepCookie(r);
    return r;
  }

  /** Remembers (or forgets) the session cookie the store set. */
  void keepCookie(Http.Response r) {
    if (r.headers() == null) {
      return;
    }
    for (String c : r.headers().allValues("set-cookie")) {
      if (c.startsWith("kstore_session=")) {
        String value = c.substring("kstore_session=".length(), c.indexOf(';') < 0 ? c.length() : c.indexOf(';'));
        session = value.isEmpty() ? null : value;
      }
    }
  }

  /** Signs up as a browser; keeps cookie and CSRF token. */
  Http.Response register(String email, String password, String name, String residence, String lang) {
    Http.Response r = post("/api/v1/auth/register", new JsonObject().put("email", email).put("password", password)
        .put("displayName", name).put("country", residence).put("lang", lang));
    if (r.status() == 201) {
      csrf = r.json().getString("csrfToken");
    }
    return r;
  }

  Http.Response login(String email, String password) {
    Http.Response r = post("/api/v1/auth/login", new JsonObject().put("email", email).put("password", password));
    if (r.status() == 200) {
      csrf = r.json().getString("csrfToken");
    }
    return r;
  }

  /** Signs in as the mobile app; keeps the tokens. */
  Http.Response loginMobile(String email, String password) {
    Http.Response r = post("/api/v1/auth/login", new JsonObject().put("email", email).put("password", password)
        .put("client", "mobile"));
    if (r.status() == 200) {
      bearer = r.json().getString("accessToken");
      refresh = r.json().getString("refreshToken");
    }
    return r;
  }

  static String email(String who) {
    return who + "-" + System.nanoTime() + "@example.com";
  }

  // ---- the dev mail catcher ----

  /** The newest mail to {@code to} whose subject contains {@code subject}, waiting up to 10 s for it. */
  static JsonObject awaitMail(String to, String subject) throws InterruptedException {
    String ui = TestStore.node().config().getJsonObject("devstack").getString("mailUi");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      Http.Response r = Http.get(ui + "api/messages?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8));
      if (r.status() == 200) {
        JsonArray mails = new JsonArray(r.body());
        for (Object o : mails) {
          JsonObject m = (JsonObject) o;
          if (m.getString("to", "").contains(to) && m.getString("subject", "").contains(subject)) {
            return m;
          }
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no mail '" + subject + "' to " + to + " within 10 s");
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  /** The {@code token} query parameter of the first store link in a mail's text. */
  static String tokenIn(JsonObject mail) {
    Matcher m = Pattern.compile("token=([A-Za-z0-9_%-]+)").matcher(mail.getString("text"));
    if (!m.find()) {
      throw new AssertionError("no token link in " + mail.getString("text"));
    }
    return URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
  }

  // ---- the dev OIDC provider ----

  /**
   * Signs in through the dev OpenID Connect provider as a person would: start at the store, sign in on the
   * provider's page with a user name and claims, follow the redirect back; answers the store's final redirect.
   */
  Http.Response signInWithDevProvider(String username, JsonObject claims, String returnTo) {
    return devProvider("/api/v1/auth/oauth/dev/start?returnTo=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8),
        username, claims);
  }

  /** Follows a provider flow from {@code startPath} through the dev provider's sign-in form and back. */
  Http.Response devProvider(String startPath, String username, JsonObject claims) {
    return devProvider(startPath, username, claims, false);
  }

  /** With {@code formPost}, the result goes back as a posted form, as providers using form_post (Apple) do. */
  Http.Response devProvider(String startPath, String username, JsonObject claims, boolean formPost) {
    Http.Response start = get(startPath);
    if (start.status() != 302) {
      throw new AssertionError("start: " + start.status() + " " + start.body());
    }
    String authorize = start.headers().firstValue("location").orElseThrow();
    String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&claims="
        + URLEncoder.encode(claims.encode(), StandardCharsets.UTF_8);
    Http.Response signedIn = Http.send(HttpRequest.newBuilder(URI.create(authorize)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    if (signedIn.status() != 302) {
      throw new AssertionError("provider sign-in: " + signedIn.status() + " " + signedIn.body());
    }
    String callback = signedIn.headers().firstValue("location").orElseThrow();
    if (!callback.startsWith(base)) {
      throw new AssertionError("the provider sent the browser to " + callback + ", not back to " + base);
    }
    if (!formPost) {
      return get(callback.substring(base.length()));
    }
    StringBuilder fields = new StringBuilder();
    query(callback).forEach((k, v) -> fields.append(fields.length() == 0 ? "" : "&").append(k).append('=')
        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    String path = callback.substring(base.length(), callback.indexOf('?'));
    Http.Response r = Http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(fields.toString())).build());
    keepCookie(r);
    return r;
  }

  static Map<String, String> query(String location) {
    Map<String, String> out = new HashMap<>();
    int q = location.indexOf('?');
    if (q < 0) {
      return out;
    }
    for (String pair : location.substring(q + 1).split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(kv[0], kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return out;
  }

  static List<String> ids(JsonArray array, String field) {
    return array.stream().map(o -> ((JsonObject) o).getString(field)).toList();
  }
}
