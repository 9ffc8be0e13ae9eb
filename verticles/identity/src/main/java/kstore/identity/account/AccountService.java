package kstore.identity.account;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import kstore.contracts.ErrorCode;
import kstore.contracts.EventEnvelope;
import kstore.contracts.ServiceError;
import kstore.contracts.identity.IdentityAddresses;
import kstore.identity.IdentityConfig;
import kstore.platform.OutboxRelay;
import kstore.platform.Regions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Email + password accounts and the credentials of every account: sign-up, sign-in (throttled, audited), browser
 * sessions and mobile tokens, sign-out (one or everywhere), email verification, password reset, the profile and
 * its residence country (limited changes), and the first admin from the environment. After every committed change
 * of what {@link #authenticate} answers or checks, {@code principalChanged} is told the user's id (the verticle
 * publishes it, so edges drop the principals they cached for that user's access tokens).
 */
public final class AccountService {
  private static final Logger LOG = LoggerFactory.getLogger(AccountService.class);
  private static final String[] PLAYER = {"player"};

  private final Users users;
  private final Passwords passwords;
  private final Sessions sessions;
  private final Tokens tokens;
  private final Throttle throttle;
  private final AccountMail mail;
  private final Regions regions;
  private final IdentityConfig config;
  private final Clock clock;
  private final Runnable kickRelay;
  private final Consumer<UUID> principalChanged;

  public AccountService(Users users, Passwords passwords, Sessions sessions, Tokens tokens, Throttle throttle,
                        AccountMail mail, Regions regions, IdentityConfig config, Clock clock, Runnable kickRelay,
                        Consumer<UUID> principalChanged) {
    this.users = users;
    this.passwords = passwords;
    this.sessions = sessions;
    this.tokens = tokens;
    this.throttle = throttle;
    this.mail = mail;
    this.regions = regions;
    this.config = config;
    this.clock = clock;
    this.kickRelay = kickRelay;
    this.principalChanged = principalChanged;
  }

  public Users users() {
    return users;
  }

  // ---- sign-up and sign-in ----

  public Future<JsonObject> register(JsonObject body, RequestMeta meta) {
    requireServiceAvailable(meta);
    String email = Inputs.email(body);
    String password = Inputs.text(body, "password");
    Passwords.requireAcceptable(password, email);
    String name = Inputs.displayName(Inputs.text(body, "displayName"));
    String country = Inputs.residence(regions, Inputs.text(body, "country"));
    String lang = Inputs.lang(Inputs.text(body, "lang"));
    String client = client(body);
    UUID id = UUID.randomUUID();
    return passwords.hash(password)
        .compose(hash -> users.pool().withTransaction(tx ->
            users.insert(tx, id, email, false, name, hash, country, lang, PLAYER)
                .compose(user -> users.audit(tx, user.id(), "signup", meta.ip(),
                        new JsonObject().put("method", "password").put("country", country))
                    .compose(v -> event(tx, "identity.user-registered", user, new JsonObject().put("method", "password")))
                    .map(user))))
        .recover(e -> Future.failedFuture(Users.uniqueViolation(e, "users_email")
            ? ServiceError.of(ErrorCode.EMAIL_TAKEN, "An account with this email address already exists; sign in "
                + "or reset your password")
            : e))
        .compose(user -> sendVerification(user).map(user))
        .compose(user -> signedIn(user, client, meta));
  }

  public Future<JsonObject> login(JsonObject body, RequestMeta meta) {
    requireServiceAvailable(meta);
    String email = Inputs.email(body);
    String password = Inputs.text(body, "password");
    String client = client(body);
    return throttle.lockedFor(email, meta.ip()).compose(locked -> {
      if (locked > 0) {
        return users.audit(null, "signin.refused-locked", meta.ip(), new JsonObject().put("email", email))
            .compose(v -> Future.failedFuture(locked(locked)));
      }
      return users.byEmail(users.pool(), email).compose(found -> {
        String hash = found.map(User::passwordHash).orElse(null);
        return passwords.verify(password, hash).compose(ok -> {
          if (ok && found.isPresent() && found.get().active()) {
            User user = found.get();
            return throttle.succeeded(email)
                .compose(v -> users.audit(user.id(), "signin", meta.ip(), new JsonObject().put("method", "password")))
                .compose(v -> signedIn(user, client, meta));
          }
          UUID userId = found.map(User::id).orElse(null);
          return throttle.failed(email, meta.ip()).compose(lockout -> users.audit(userId,
                  lockout > 0 ? "signin.locked" : "signin.failed", meta.ip(), new JsonObject().put("email", email))
              .compose(v -> Future.failedFuture(lockout > 0 ? locked(lockout)
                  : ServiceError.of(ErrorCode.UNAUTHENTICATED, found.isPresent() && !found.get().active()
                      ? "This account is disabled" : "The email address or the password is wrong"))));
        });
      });
    });
  }

  /** A signed-in reply for a user: a browser session or mobile tokens, and the profile. */
  public Future<JsonObject> signedIn(User user, String client, RequestMeta meta) {
    Future<JsonObject> credentials;
    if ("mobile".equals(client)) {
      credentials = users.pool().withTransaction(tx -> tokens.issueRefresh(tx, user.id(), UUID.randomUUID(), client))
          .map(refresh -> new JsonObject()
              .put("accessToken", tokens.access(user))
              .put("tokenType", "Bearer")
              .put("expiresIn", tokens.accessTtlSeconds())
              .put("refreshToken", refresh));
    } else {
      credentials = sessions.create(user.id(), meta.ip()).map(s -> new JsonObject()
          .put("session", new JsonObject().put("token", s.token()).put("csrf", s.csrf())
              .put("maxAgeSeconds", config.sessionIdle().toSeconds())));
    }
    return credentials.compose(c -> me(user).map(profile -> c.put("user", profile)));
  }

  public Future<JsonObject> refresh(JsonObject body, RequestMeta meta) {
    String token = Inputs.text(body, "refreshToken");
    return users.pool().withTransaction(tx -> tokens.present(tx, token).compose(p -> {
      if (p.reused()) {
        return users.audit(tx, p.userId(), "token.reuse", meta.ip(), new JsonObject().put("family", p.family().toString()))
            .map(v -> (JsonObject) null);
      }
      return users.byId(tx, p.userId()).compose(user -> {
        if (user.isEmpty() || !user.get().active()) {
          return Future.failedFuture(ServiceError.of(ErrorCode.UNAUTHENTICATED, "This account is disabled"));
        }
        return tokens.issueRefresh(tx, p.userId(), p.family(), "mobile").map(next -> new JsonObject()
            .put("accessToken", tokens.access(user.get()))
            .put("tokenType", "Bearer")
            .put("expiresIn", tokens.accessTtlSeconds())
            .put("refreshToken", next));
      });
    })).compose(reply -> reply != null ? Future.succeededFuture(reply)
        : Future.failedFuture(ServiceError.of(ErrorCode.UNAUTHENTICATED, "This refresh token was already used, so it "
            + "may have been copied: every session of this sign-in has been ended. Sign in again")));
  }

  /**
   * Sign-out: the presented session or refresh token ends; with {@code everywhere} every browser session, every
   * refresh family and every access token of the account end too.
   */
  public Future<JsonObject> logout(JsonObject body, RequestMeta meta) {
    boolean everywhere = body != null && Boolean.TRUE.equals(body.getValue("everywhere"));
    String session = body == null ? null : body.getString("sessionToken");
    String refresh = body == null ? null : body.getString("refreshToken");
    Future<?> one = Future.join(
        session == null ? Future.succeededFuture() : sessions.end(session),
        refresh == null ? Future.succeededFuture() : tokens.revokeByToken(users.pool(), refresh));
    if (!everywhere) {
      return one.compose(v -> meta.actor() == null ? Future.succeededFuture()
              : users.audit(meta.actor(), "signout", meta.ip(), null))
          .map(v -> new JsonObject().put("signedOut", true));
    }
    if (meta.actor() == null) {
      return Future.failedFuture(ServiceError.of(ErrorCode.UNAUTHENTICATED, "Sign in to sign out everywhere"));
    }
    return one.compose(v -> signOutEverywhere(meta.actor(), "signout.everywhere", meta.ip()))
        .map(n -> new JsonObject().put("signedOut", true).put("everywhere", true));
  }

  private Future<Void> signOutEverywhere(UUID userId, String kind, String ip) {
    return users.pool().withTransaction(tx -> tx.preparedQuery(
                "UPDATE identity.users SET token_epoch = token_epoch + 1, updated_at = now() WHERE id = $1")
            .execute(Tuple.of(userId))
            .compose(v -> tokens.revokeAll(tx, userId))
            .compose(n -> users.audit(tx, userId, kind, ip, new JsonObject().put("refreshFamiliesRevoked", n))))
        .onSuccess(v -> principalChanged.accept(userId))
        .compose(v -> sessions.endAll(userId)).mapEmpty();
  }

  /**
   * The principal behind a credential: {@code sessionToken} (browser cookie) or {@code accessToken} (mobile JWT).
   * Disabled accounts and tokens from before a "sign out everywhere" are refused. A token's principal carries the
   * token's expiry ({@code expiresAt}): an edge may keep it that long at most.
   */
  public Future<JsonObject> authenticate(JsonObject body) {
    String session = body == null ? null : body.getString("sessionToken");
    String access = body == null ? null : body.getString("accessToken");
    if (session != null) {
      return sessions.touch(session).compose(found -> {
        if (found.isEmpty()) {
          return Future.failedFuture(ServiceError.of(ErrorCode.UNAUTHENTICATED,
              "Your session has ended; sign in again"));
        }
        JsonObject s = found.get();
        return active(UUID.fromString(s.getString("userId")))
            .map(user -> user.principal().put("via", "session").put("csrf", s.getString("csrf")));
      });
    }
    if (access != null) {
      return tokens.verify(access).compose(claims -> active(UUID.fromString(claims.getString("sub")))
          .compose(user -> user.tokenEpoch() != claims.getInteger("epoch", -1)
              ? Future.failedFuture(ServiceError.of(ErrorCode.UNAUTHENTICATED,
                  "This access token was revoked; sign in again"))
              : Future.succeededFuture(tokenPrincipal(user, claims.getLong("exp")))));
    }
    return Future.failedFuture(ServiceError.of(ErrorCode.UNAUTHENTICATED, "No credential was presented"));
  }

  private static JsonObject tokenPrincipal(User user, Long exp) {
    JsonObject principal = user.principal().put("via", "token");
    // every token we issue has an exp; without one, no edge may keep the principal at all
    return exp == null ? principal : principal.put("expiresAt", Instant.ofEpochSecond(exp).toString());
  }

  private Future<User> active(UUID id) {
    return users.byId(id).compose(user -> user.isPresent() && user.get().active()
        ? Future.succeededFuture(user.get())
        : Future.failedFuture(ServiceError.of(ErrorCode.UNAUTHENTICATED, "This account is disabled or gone")));
  }

  // ---- email verification and password reset ----

  public Future<JsonObject> resendVerification(RequestMeta meta) {
    return active(requireActor(meta)).compose(user -> {
      if (user.email() == null || user.emailVerified()) {
        return Future.succeededFuture(new JsonObject().put("sent", false).put("emailVerified", user.emailVerified()));
      }
      return sendVerification(user).map(v -> new JsonObject().put("sent", true));
    });
  }

  private Future<Void> sendVerification(User user) {
    String token = Secrets.token();
    return insertMailToken(token, user.id(), "verify", config.verifyTtl())
        .onSuccess(v -> mail.verification(user, config.publicUrl() + "/verify-email?token=" + encode(token)));
  }

  public Future<JsonObject> verifyEmail(JsonObject body, RequestMeta meta) {
    String token = Inputs.text(body, "token");
    return users.pool().withTransaction(tx -> useMailToken(tx, token, "verify").compose(userId ->
            tx.preparedQuery("UPDATE identity.users SET email_verified = true, updated_at = now() WHERE id = $1")
                .execute(Tuple.of(userId))
                .compose(v -> users.audit(tx, userId, "email.verified", meta.ip(), null))
                .map(userId)))
        .onSuccess(principalChanged::accept)
        .map(userId -> new JsonObject().put("emailVerified", true).put("userId", userId.toString()));
  }

  /** Always answers the same (no account enumeration); at most one mail per address per minute. */
  public Future<JsonObject> forgotPassword(JsonObject body, RequestMeta meta) {
    String email = Inputs.email(body);
    JsonObject answer = new JsonObject().put("accepted", true);
    return users.byEmail(users.pool(), email).compose(found -> {
      if (found.isEmpty() || !found.get().active()) {
        return Future.succeededFuture(answer);
      }
      User user = found.get();
      return users.pool().preparedQuery("SELECT count(*) AS n FROM identity.email_tokens WHERE user_id = $1 "
              + "AND purpose = 'reset' AND created_at > now() - interval '1 minute'").execute(Tuple.of(user.id()))
          .compose(rows -> {
            if (rows.iterator().next().getLong("n") > 0) {
              return Future.succeededFuture(answer);
            }
            String token = Secrets.token();
            return insertMailToken(token, user.id(), "reset", config.resetTtl())
                .compose(v -> users.audit(user.id(), "password.reset-requested", meta.ip(), null))
                .onSuccess(v -> mail.passwordReset(user, config.publicUrl() + "/reset-password?token=" + encode(token),
                    config.resetTtl().toMinutes()))
                .map(answer);
          });
    });
  }

  /** Sets a new password from a mailed token; every session and token of the account ends. */
  public Future<JsonObject> resetPassword(JsonObject body, RequestMeta meta) {
    String token = Inputs.text(body, "token");
    String password = Inputs.text(body, "password");
    Passwords.requireAcceptable(password, null);
    return passwords.hash(password).compose(hash -> users.pool().withTransaction(tx ->
            useMailToken(tx, token, "reset").compose(userId -> tx.preparedQuery(
                    "UPDATE identity.users SET password_hash = $2, email_verified = true, updated_at = now() "
                        + "WHERE id = $1 RETURNING email")
                .execute(Tuple.of(userId, hash))
                .compose(rows -> users.audit(tx, userId, "password.reset", meta.ip(), null)
                    .map(v -> new Object[] {userId, rows.iterator().next().getString("email")})))))
        .onSuccess(result -> principalChanged.accept((UUID) result[0]))
        .compose(result -> signOutEverywhere((UUID) result[0], "signout.password-reset", meta.ip())
            .compose(v -> result[1] == null ? Future.succeededFuture() : throttle.clear((String) result[1])))
        .map(v -> new JsonObject().put("passwordReset", true));
  }

  private Future<Void> insertMailToken(String token, UUID userId, String purpose, Duration ttl) {
    return users.pool().preparedQuery("INSERT INTO identity.email_tokens (token_hash, user_id, purpose, expires_at) "
            + "VALUES ($1, $2, $3, $4)")
        .execute(Tuple.of(Buffer.buffer(Secrets.sha256(token)), userId, purpose,
            OffsetDateTime.now(clock).plus(ttl))).mapEmpty();
  }

  private Future<UUID> useMailToken(SqlClient tx, String token, String purpose) {
    return tx.preparedQuery("UPDATE identity.email_tokens SET used_at = now() WHERE token_hash = $1 AND purpose = $2 "
            + "AND used_at IS NULL AND expires_at > $3 RETURNING user_id")
        .execute(Tuple.of(Buffer.buffer(Secrets.sha256(token)), purpose, OffsetDateTime.now(clock)))
        .compose(rows -> rows.rowCount() == 1
            ? Future.succeededFuture(rows.iterator().next().getUUID("user_id"))
            : Future.failedFuture(ServiceError.of(ErrorCode.VALIDATION, "This link has expired or was already used; "
                + ("verify".equals(purpose) ? "ask for a new verification mail" : "ask for a new reset mail"))));
  }

  // ---- the profile ----

  public Future<JsonObject> me(RequestMeta meta) {
    return active(requireActor(meta)).compose(this::me);
  }

  public Future<JsonObject> me(User user) {
    return users.identitiesOf(user.id()).map(rows -> {
      JsonArray providers = new JsonArray();
      for (Row row : rows) {
        providers.add(new JsonObject().put("provider", row.getString("provider")).put("email", row.getString("email"))
            .put("linkedAt", row.getOffsetDateTime("linked_at").toInstant().toString()));
      }
      Instant allowed = residenceChangeAllowedAt(user);
      return new JsonObject()
          .put("id", user.id().toString())
          .put("email", user.email())
          .put("emailVerified", user.emailVerified())
          .put("hasPassword", user.passwordHash() != null)
          .put("displayName", user.displayName())
          .put("friendCode", user.friendCode())
          .put("residenceCountry", user.residenceCountry())
          .put("lang", user.lang())
          .put("birthDate", user.birthDate() == null ? null : user.birthDate().toString())
          .put("roles", new JsonArray(user.roles()))
          .put("providers", providers)
          .put("residenceChangeAllowedAt", allowed == null ? null : allowed.toString())
          .put("createdAt", user.createdAt().toString());
    });
  }

  /** Null when a change is allowed now: the first change is free, then one per {@code residenceChangeDays}. */
  private Instant residenceChangeAllowedAt(User user) {
    if (user.residenceChangedAt() == null) {
      return null;
    }
    Instant next = user.residenceChangedAt().plus(Duration.ofDays(config.residenceChangeDays()));
    return next.isAfter(clock.instant()) ? next : null;
  }

  /** Changes name, language, birth date and (limited, audited) residence country. */
  public Future<JsonObject> updateMe(JsonObject body, RequestMeta meta) {
    UUID actor = requireActor(meta);
    String name = body.containsKey("displayName") ? Inputs.displayName(body.getString("displayName")) : null;
    String lang = body.containsKey("lang") ? Inputs.lang(body.getString("lang")) : null;
    String country = body.containsKey("residenceCountry")
        ? Inputs.residence(regions, body.getString("residenceCountry")) : null;
    LocalDate birth = body.containsKey("birthDate") ? birthDate(body.getString("birthDate")) : null;
    return users.pool().withTransaction(tx -> tx.preparedQuery("SELECT " + User.COLUMNS
            + " FROM identity.users WHERE id = $1 FOR UPDATE").execute(Tuple.of(actor))
        .compose(rows -> {
          if (rows.rowCount() == 0) {
            return Future.failedFuture(ServiceError.of(ErrorCode.UNAUTHENTICATED, "This account is gone"));
          }
          User user = User.of(rows.iterator().next());
          Future<Void> residence = Future.succeededFuture();
          if (country != null && !country.equals(user.residenceCountry())) {
            Instant allowed = residenceChangeAllowedAt(user);
            if (allowed != null) {
              return Future.failedFuture(ServiceError.of(ErrorCode.CONFLICT, "Your residence country decides "
                  + "prices and availability, so it can change once every " + config.residenceChangeDays()
                  + " days; the next change is possible on " + allowed.toString().substring(0, 10)));
            }
            residence = tx.preparedQuery("INSERT INTO identity.residence_changes (user_id, from_country, to_country, ip)"
                    + " VALUES ($1, $2, $3, $4)").execute(Tuple.of(actor, user.residenceCountry(), country, meta.ip()))
                .compose(v -> tx.preparedQuery("UPDATE identity.users SET residence_country = $2, "
                    + "residence_changed_at = $3 WHERE id = $1").execute(Tuple.of(actor, country,
                    OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))))
                .compose(v -> users.audit(tx, actor, "residence.changed", meta.ip(),
                    new JsonObject().put("from", user.residenceCountry()).put("to", country)))
                .compose(v -> event(tx, "identity.residence-changed", user,
                    new JsonObject().put("from", user.residenceCountry()).put("to", country)));
          }
          return residence.compose(v -> tx.preparedQuery("UPDATE identity.users SET "
                  + "display_name = coalesce($2, display_name), lang = coalesce($3, lang), "
                  + "birth_date = coalesce($4, birth_date), updated_at = now() WHERE id = $1 RETURNING " + User.COLUMNS)
              .execute(Tuple.of(actor, name, lang, birth)))
              .map(updated -> User.of(updated.iterator().next()));
        }))
        .onSuccess(user -> principalChanged.accept(user.id()))
        .compose(this::me);
  }

  private LocalDate birthDate(String raw) {
    try {
      LocalDate date = LocalDate.parse(raw == null ? "" : raw);
      LocalDate today = LocalDate.now(clock);
      if (date.isAfter(today) || date.isBefore(today.minusYears(130))) {
        throw Inputs.invalid("birthDate must be a real date of birth");
      }
      return date;
    } catch (DateTimeParseException e) {
      throw Inputs.invalid("birthDate must be a date like 2001-09-30");
    }
  }

  /** How to reach a user (for other services' mails): {email, emailVerified, lang, displayName}. */
  public Future<JsonObject> contact(JsonObject body) {
    UUID userId;
    try {
      userId = UUID.fromString(Inputs.text(body, "userId"));
    } catch (IllegalArgumentException e) {
      throw Inputs.invalid("userId must be a user id");
    }
    return users.byId(userId).compose(found -> found.isEmpty()
        ? Future.failedFuture(ServiceError.of(ErrorCode.NOT_FOUND, "No user " + userId))
        : Future.succeededFuture(new JsonObject().put("email", found.get().email())
            .put("emailVerified", found.get().emailVerified()).put("lang", found.get().lang())
            .put("displayName", found.get().displayName())));
  }

  /** The sign-in audit trail of one user, newest first (admin). */
  public Future<JsonObject> audit(JsonObject body) {
    UUID userId;
    try {
      userId = UUID.fromString(Inputs.text(body, "userId"));
    } catch (IllegalArgumentException e) {
      throw Inputs.invalid("userId must be a user id");
    }
    return users.pool().preparedQuery("SELECT at, kind, ip, detail FROM identity.audit WHERE user_id = $1 "
        + "ORDER BY id DESC LIMIT 200").execute(Tuple.of(userId)).map(rows -> {
          JsonArray items = new JsonArray();
          for (Row row : rows) {
            items.add(new JsonObject().put("at", row.getOffsetDateTime("at").toInstant().toString())
                .put("kind", row.getString("kind")).put("ip", row.getString("ip"))
                .put("detail", row.getJsonObject("detail")));
          }
          return new JsonObject().put("items", items);
        });
  }

  // ---- the first admin ----

  /**
   * Creates or updates the admin account named by {@code KSTORE_ADMIN_EMAIL}/{@code KSTORE_ADMIN_PASSWORD}: it
   * gets the admin role, a verified email and (when it no longer matches) the configured password.
   */
  public Future<Void> bootstrapAdmin() {
    if (config.adminEmail() == null || config.adminPassword() == null) {
      LOG.warn("KSTORE_ADMIN_EMAIL / KSTORE_ADMIN_PASSWORD are not set: no admin account is created");
      return Future.succeededFuture();
    }
    String email = Inputs.email(new JsonObject().put("email", config.adminEmail()));
    String country = regions.defaultCountry();
    return users.pool().withTransaction(tx -> tx.query("SELECT pg_advisory_xact_lock(hashtext('identity.admin'))")
        .execute()
        .compose(v -> users.byEmail(tx, email))
        .compose(found -> {
          if (found.isEmpty()) {
            return passwords.hash(config.adminPassword()).compose(hash -> users.insert(tx, UUID.randomUUID(), email,
                    true, "Admin", hash, country, "en", new String[] {"player", "admin"}))
                .compose(u -> users.audit(tx, u.id(), "admin.bootstrap", null, new JsonObject().put("created", true)))
                .map((UUID) null);
          }
          User user = found.get();
          return passwords.verify(config.adminPassword(), user.passwordHash()).compose(same -> {
            Future<String> hash = same ? Future.succeededFuture(user.passwordHash()) : passwords.hash(config.adminPassword());
            return hash.compose(h -> tx.preparedQuery("UPDATE identity.users SET password_hash = $2, "
                    + "email_verified = true, status = 'active', roles = (SELECT array_agg(DISTINCT r) FROM "
                    + "unnest(roles || '{player,admin}'::text[]) r), updated_at = now() WHERE id = $1")
                .execute(Tuple.of(user.id(), h)))
                .compose(v -> same && user.hasRole("admin") ? Future.<Void>succeededFuture()
                    : users.audit(tx, user.id(), "admin.bootstrap", null, new JsonObject().put("updated", true)))
                .map(user.id());
          });
        })).onSuccess(updated -> {
          if (updated != null) {
            // roles, status or password may have changed under live tokens
            principalChanged.accept(updated);
          }
          LOG.info("admin account {} is ready", email);
        }).mapEmpty();
  }

  // ---- helpers ----

  /** REGION_BLOCKED when the request comes from a country where the whole service is unavailable. */
  public void requireServiceAvailable(RequestMeta meta) {
    if (regions.serviceUnavailable(meta.requestCountry())) {
      throw ServiceError.of(ErrorCode.REGION_BLOCKED, "K Store is not available in your region ("
          + meta.requestCountry() + ")");
    }
  }

  public static UUID requireActor(RequestMeta meta) {
    if (meta.actor() == null) {
      throw ServiceError.of(ErrorCode.UNAUTHENTICATED, "Sign in first");
    }
    return meta.actor();
  }

  private static String client(JsonObject body) {
    String client = body.getString("client", "web");
    if (!"web".equals(client) && !"mobile".equals(client)) {
      throw Inputs.invalid("client must be web or mobile");
    }
    return client;
  }

  private static io.vertx.core.eventbus.ReplyException locked(long seconds) {
    long minutes = Math.max(1, (seconds + 59) / 60);
    return ServiceError.of(ErrorCode.ACCOUNT_LOCKED, "Too many failed sign-ins: try again in " + minutes
        + (minutes == 1 ? " minute" : " minutes") + " or reset your password");
  }

  /** Writes an activity event in the caller's transaction (relayed to Kafka by the outbox relay). */
  public Future<Void> event(SqlClient tx, String type, User user, JsonObject data) {
    JsonObject payload = data.copy().put("userId", user.id().toString()).put("country", user.residenceCountry());
    return OutboxRelay.append(tx, "identity", IdentityAddresses.TOPIC, user.id().toString(),
            EventEnvelope.of(type, 1, payload)).onSuccess(v -> kickRelay.run());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
  }
}
