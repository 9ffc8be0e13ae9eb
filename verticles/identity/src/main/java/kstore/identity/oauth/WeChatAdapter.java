package kstore.identity.oauth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * WeChat website login (QR code): the authorization URL takes {@code appid} instead of {@code client_id}, its
 * parameters in the documented order, and ends with {@code #wechat_redirect}; the code is exchanged with a GET
 * carrying {@code appid}, {@code secret} and {@code code}, answering {@code {access_token, openid, unionid}} or
 * {@code {errcode, errmsg}}; the profile is {@code sns/userinfo?access_token&openid}. WeChat has no email and no
 * PKCE. The subject is the {@code unionid} when the app is bound to an Open Platform account (stable across our
 * apps), else the {@code openid}.
 */
final class WeChatAdapter implements ProviderAdapter {
  @Override
  public String name() {
    return "wechat";
  }

  @Override
  public ClaimMapping claims() {
    return new ClaimMapping("openid", null, null, "nickname", null);
  }

  @Override
  public String scopeSeparator() {
    return ",";
  }

  @Override
  public String authorizationUrl(ProviderConfig p, String standardUrl) {
    int q = standardUrl.indexOf('?');
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : standardUrl.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    StringBuilder url = new StringBuilder(standardUrl.substring(0, q)).append('?');
    url.append("appid=").append(enc(p.clientId()));
    url.append("&redirect_uri=").append(enc(params.get("redirect_uri")));
    url.append("&response_type=code");
    url.append("&scope=").append(enc(params.getOrDefault("scope", "snsapi_login")));
    url.append("&state=").append(enc(params.get("state")));
    return url.append("#wechat_redirect").toString();
  }

  @Override
  public Future<JsonObject> exchange(ProviderHttp http, ProviderConfig p, Endpoints e, TokenGrant grant,
                                     Supplier<Future<JsonObject>> standard) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("appid", p.clientId());
    query.put("secret", p.clientSecret());
    query.put("code", grant.code());
    query.put("grant_type", "authorization_code");
    return http.getJson(e.token(), query, null).compose(tokens -> tokens.getString("openid") == null
        ? Future.failedFuture(new ProviderHttp.ProviderException("WeChat token answer without openid"))
        : Future.succeededFuture(tokens));
  }

  @Override
  public Future<JsonObject> profile(ProviderHttp http, ProviderConfig p, Endpoints e, JsonObject tokens) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("access_token", tokens.getString("access_token"));
    query.put("openid", tokens.getString("openid"));
    return http.getJson(e.userinfo(), query, null).map(profile -> {
      // the token answer's unionid is there even when the profile omits it
      if (profile.getString("unionid") == null && tokens.getString("unionid") != null) {
        profile.put("unionid", tokens.getString("unionid"));
      }
      return profile;
    });
  }

  @Override
  public ExternalIdentity identity(ProviderConfig p, JsonObject claims, JsonObject params) {
    ExternalIdentity base = p.claims().identity(p.id(), claims);
    String union = claims.getString("unionid");
    return new ExternalIdentity(base.provider(), union != null && !union.isBlank() ? union : base.subject(),
        null, false, base.displayName(), base.locale(), claims);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
  }
}
