package kstore.identity.account;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import kstore.identity.oauth.ExternalIdentity;
import kstore.identity.oauth.ProviderConfig;
import kstore.identity.oauth.SocialLogin;
import kstore.platform.Regions;

/**
 * Social sign-in on top of the provider layer ({@link SocialLogin}): a returning identity signs its account in;
 * a new identity whose <em>verified</em> email belongs to an existing account is not merged silently but parked
 * behind a link token (the person signs in to that account and confirms); anything else becomes a new account,
 * in the request's country and the provider's language, to be confirmed on the account page.
 */
public final class SocialSignIn {
  private static final String LINK_KEY = "kstore:identity:link:";
  private static final long LINK_TTL_SECONDS = 900;
  private static final String[] PLAYER = {"player"};
  private static final String LINK_CLIENT = "link:";

  private final SocialLogin social;
  private final AccountService accounts;
  private final RedisAPI redis;
  private final Regions regions;

  public SocialSignIn(SocialLogin social, AccountService accounts, RedisAPI redis, Regions regions) {
    this.social = social;
    this.accounts = accounts;
    this.redis = redis;
    this.regions = regions;
  }

  /** The providers to show in a country, favourites first; password sign-in is always offered too. */
  public Future<JsonObject> providers(JsonObject body) {
    String country = body.getString("country", regions.defaultCountry());
    return Future.succeededFuture(new JsonObject().put("country", country).put("password", true)
        .put("providers", social.providers().forCountry(country)));
  }

  /**
   * Starts a sign-in; with {@code link: true} a signed-in user connects another provider to their account
   * instead (the state kept in Redis remembers whose account, so the callback cannot be pointed elsewhere).
   */
  public Future<JsonObject> start(JsonObject body, RequestMeta meta) {
    accounts.requireServiceAvailable(meta);
    String client = "web";
    if (Boolean.TRUE.equals(body.getValue("link"))) {
      client = LINK_CLIENT + AccountService.requireActor(meta);
    }
    return social.start(Inputs.text(body, "provider"), Inputs.text(body, "redirectUri"),
        safeReturnTo(body.getString("returnTo")), client);
  }

  /**
   * Completes a sign-in: {@code {kind: "session", session, returnTo}} or {@code {kind: "link", linkToken,
   * providerName}}.
   */
  public Future<JsonObject> callback(JsonObject body, RequestMeta meta) {
    accounts.requireServiceAvailable(meta);
    String providerId = Inputs.text(body, "provider");
    JsonObject params = body.getJsonObject("params", new JsonObject());
    Users users = accounts.users();
    return social.callback(providerId, params).compose(cb -> {
      ExternalIdentity id = cb.identity();
      if (cb.client() != null && cb.client().startsWith(LINK_CLIENT)) {
        return connect(UUID.fromString(cb.client().substring(LINK_CLIENT.length())), id, meta,
            safeReturnTo(cb.returnTo()));
      }
      return users.byIdentity(id.provider(), id.subject()).compose(known -> {
        if (known.isPresent()) {
          User user = known.get();
          if (!user.active()) {
            return Future.failedFuture(ServiceError.of(ErrorCode.UNAUTHENTICATED, "This account is disabled"));
          }
          return users.audit(user.id(), "signin", meta.ip(), new JsonObject().put("method", id.provider()))
              .compose(v -> session(user, meta, safeReturnTo(cb.returnTo())));
        }
        if (id.email() != null && id.emailVerified()) {
          return users.byEmail(users.pool(), id.email()).compose(owner -> owner.isPresent()
              ? pendingLink(id, owner.get())
              : create(id, meta, true));
        }
        return create(id, meta, false);
      });
    });
  }

  /** A signed-in user connected another provider: linked unless that identity already belongs to someone else. */
  private Future<JsonObject> connect(UUID userId, ExternalIdentity id, RequestMeta meta, String returnTo) {
    Users users = accounts.users();
    return users.byIdentity(id.provider(), id.subject()).compose(owner -> {
      if (owner.isPresent() && !owner.get().id().equals(userId)) {
        return Future.failedFuture(ServiceError.of(ErrorCode.CONFLICT, "This " + name(id.provider())
            + " account already signs in to another K Store account"));
      }
      if (owner.isPresent()) {
        return Future.succeededFuture(new JsonObject().put("kind", "linked").put("returnTo", returnTo));
      }
      return users.pool().withTransaction(tx -> users.link(tx, id.provider(), id.subject(), userId,
                  id.emailVerified() ? id.email() : null)
              .compose(v -> users.audit(tx, userId, "oauth.linked", meta.ip(),
                  new JsonObject().put("provider", id.provider()))))
          .map(v -> new JsonObject().put("kind", "linked").put("returnTo", returnTo));
    });
  }

  private Future<JsonObject> session(User user, RequestMeta meta, String returnTo) {
    return accounts.signedIn(user, "web", meta).map(reply -> new JsonObject().put("kind", "session")
        .put("session", reply.getJsonObject("session")).put("returnTo", returnTo));
  }

  private Future<JsonObject> pendingLink(ExternalIdentity id, User owner) {
    String token = Secrets.token();
    JsonObject pending = new JsonObject().put("provider", id.provider()).put("subject", id.subject())
        .put("email", id.email()).put("userId", owner.id().toString());
    return redis.set(List.of(LINK_KEY + Secrets.sha256Hex(token), pending.encode(), "EX",
            Long.toString(LINK_TTL_SECONDS)))
        .compose(v -> accounts.users().audit(owner.id(), "oauth.link-offered", null,
            new JsonObject().put("provider", id.provider())))
        .map(v -> new JsonObject().put("kind", "link").put("linkToken", token).put("providerName", name(id.provider())));
  }

  /** A new account from a provider's claims (the email only when the provider verified it). */
  private Future<JsonObject> create(ExternalIdentity id, RequestMeta meta, boolean withEmail) {
    String country = meta.requestCountry() != null && regions.known(meta.requestCountry()).isPresent()
        ? meta.requestCountry() : regions.defaultCountry();
    String lang = language(id.locale(), country);
    String name = displayName(id.displayName());
    UUID userId = UUID.randomUUID();
    Users users = accounts.users();
    return users.pool().withTransaction(tx -> users.insert(tx, userId, withEmail ? id.email() : null, withEmail, name,
                null, country, lang, PLAYER)
            .compose(user -> users.link(tx, id.provider(), id.subject(), user.id(), id.email())
                .compose(v -> users.audit(tx, user.id(), "signup", meta.ip(),
                    new JsonObject().put("method", id.provider()).put("country", country)))
                .compose(v -> accounts.event(tx, "identity.user-registered", user,
                    new JsonObject().put("method", id.provider())))
                .map(user)))
        .compose(user -> session(user, meta, "/account?welcome=1"));
  }

  /** Links the parked identity to the signed-in account, which must be the one the verified email belongs to. */
  public Future<JsonObject> link(JsonObject body, RequestMeta meta) {
    UUID actor = AccountService.requireActor(meta);
    String token = Inputs.text(body, "linkToken");
    return redis.getdel(LINK_KEY + Secrets.sha256Hex(token)).compose(found -> {
      if (found == null) {
        return Future.failedFuture(ServiceError.of(ErrorCode.VALIDATION,
            "This link request has expired or was already used; sign in with the provider again"));
      }
      JsonObject pending = new JsonObject(found.toString());
      if (!actor.toString().equals(pending.getString("userId"))) {
        return Future.failedFuture(ServiceError.of(ErrorCode.FORBIDDEN,
            "This sign-in belongs to the account with " + pending.getString("email") + "; sign in to that account"));
      }
      Users users = accounts.users();
      return users.pool().withTransaction(tx -> users.link(tx, pending.getString("provider"),
                  pending.getString("subject"), actor, pending.getString("email"))
              .compose(v -> users.audit(tx, actor, "oauth.linked", meta.ip(),
                  new JsonObject().put("provider", pending.getString("provider")))))
          .compose(v -> accounts.me(meta));
    });
  }

  private String name(String providerId) {
    return social.providers().configured(providerId).map(ProviderConfig::name).orElse(providerId);
  }

  /** Only paths of this store: never another origin ({@code //host}, {@code /\host}) or an API path. */
  static String safeReturnTo(String returnTo) {
    if (returnTo == null || !returnTo.startsWith("/") || returnTo.startsWith("//") || returnTo.startsWith("/\\")
        || returnTo.startsWith("/api/") || returnTo.length() > 512 || returnTo.chars().anyMatch(c -> c < 0x20)) {
      return "/";
    }
    return returnTo;
  }

  private String language(String locale, String country) {
    if (locale != null && locale.length() >= 2) {
      String lang = locale.substring(0, 2).toLowerCase(Locale.ROOT);
      if (Inputs.LANGS.contains(lang)) {
        return lang;
      }
    }
    String regional = regions.of(country).lang();
    return Inputs.LANGS.contains(regional) ? regional : "en";
  }

  static String displayName(String claimed) {
    String name = claimed == null ? "" : claimed.codePoints()
        .filter(c -> !Character.isISOControl(c) && c != '<' && c != '>')
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString()
        .strip().replaceAll("\\s+", " ");
    if (name.codePointCount(0, name.length()) > 32) {
      name = name.substring(0, name.offsetByCodePoints(0, 32)).strip();
    }
    if (name.codePointCount(0, name.length()) < 2) {
      name = "Player " + ThreadLocalRandom.current().nextInt(1000, 10000);
    }
    return name;
  }
}
