package kstore.identity;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import kstore.contracts.EventEnvelope;
import kstore.contracts.identity.IdentityAddresses;
import kstore.identity.account.AccountService;
import kstore.identity.account.SocialSignIn;
import kstore.identity.oauth.Providers;
import kstore.identity.oauth.SocialLogin;
import kstore.identity.friends.FriendsService;
import kstore.identity.friends.NotificationsService;
import kstore.identity.account.Passwords;
import kstore.identity.account.RequestMeta;
import kstore.identity.account.Sessions;
import kstore.identity.account.Throttle;
import kstore.identity.account.Tokens;
import kstore.identity.account.Users;
import kstore.platform.Bus;
import kstore.platform.KafkaConfig;
import kstore.platform.OutboxRelay;
import kstore.platform.Pg;
import kstore.platform.PgConfig;
import kstore.platform.RedisConfig;
import kstore.platform.Regions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wiring of the identity (social login) service: schema {@code identity}, Redis for sessions and throttling, the
 * addresses of {@link IdentityAddresses}, the outbox relay, the first admin account, and the
 * {@link IdentityAddresses#EVENTS_PRINCIPAL_CHANGED} announcements.
 */
public final class IdentityVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(IdentityVerticle.class);

  private Pool pool;
  private Redis redis;
  private OutboxRelay relay;
  private IdentityMail mail;
  private SocialLogin social;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  @Override
  public Future<?> start() {
    JsonObject conf = config();
    IdentityConfig config = IdentityConfig.from(conf);
    Regions regions = Regions.load();
    PgConfig pg = PgConfig.from(conf);
    pool = Pg.pool(vertx, pg);
    redis = RedisConfig.from(conf).client(vertx);
    RedisAPI api = RedisAPI.api(redis);
    KafkaConfig kafka = KafkaConfig.from(conf);
    mail = new IdentityMail(vertx, conf, config);
    return Pg.migrate(vertx, pg, "identity")
        .compose(n -> Tokens.secret(pool, config.jwtSecret()))
        .compose(secret -> {
          Users users = new Users(pool);
          AccountService accounts = new AccountService(users, new Passwords(vertx),
              new Sessions(api, config.sessionIdle()),
              new Tokens(vertx, secret, config.accessTokenTtl(), config.refreshTokenTtl()),
              new Throttle(api, config.maxAccountFailures(), config.maxIpFailures(), config.throttleWindow(),
                  config.lockout()),
              mail, regions, config, Clock.systemUTC(), () -> {
                if (relay != null) {
                  relay.kick();
                }
              }, this::announcePrincipalChanged);
          if (kafka.configured()) {
            relay = new OutboxRelay(vertx, pool, kafka, "identity").start(config.relayMs());
          } else {
            LOG.warn("config key 'kafka.bootstrap' is not set: identity events stay in identity.outbox until it is");
          }
          FriendsService friends = new FriendsService(pool, mail);
          NotificationsService notifications = new NotificationsService(pool);
          social = new SocialLogin(vertx, Providers.load(conf, System.getenv()), redis);
          SocialSignIn socialSignIn = new SocialSignIn(social, accounts, api, regions);
          wire(accounts);
          handle(IdentityAddresses.PROVIDERS, (b, m) -> socialSignIn.providers(b));
          handle(IdentityAddresses.OAUTH_START, socialSignIn::start);
          handle(IdentityAddresses.OAUTH_CALLBACK, socialSignIn::callback);
          handle(IdentityAddresses.LINK, socialSignIn::link);
          wire(friends, notifications);
          return accounts.bootstrapAdmin();
        });
  }

  private void wire(AccountService accounts) {
    handle(IdentityAddresses.PING, (b, m) -> Future.succeededFuture(new JsonObject().put("ok", true)));
    handle(IdentityAddresses.AUTHENTICATE, (b, m) -> accounts.authenticate(b));
    handle(IdentityAddresses.REGISTER, accounts::register);
    handle(IdentityAddresses.LOGIN, accounts::login);
    handle(IdentityAddresses.REFRESH, accounts::refresh);
    handle(IdentityAddresses.LOGOUT, accounts::logout);
    handle(IdentityAddresses.VERIFY_EMAIL, accounts::verifyEmail);
    handle(IdentityAddresses.RESEND_VERIFICATION, (b, m) -> accounts.resendVerification(m));
    handle(IdentityAddresses.FORGOT_PASSWORD, accounts::forgotPassword);
    handle(IdentityAddresses.RESET_PASSWORD, accounts::resetPassword);
    handle(IdentityAddresses.ME, (b, m) -> accounts.me(m));
    handle(IdentityAddresses.UPDATE_ME, accounts::updateMe);
    handle(IdentityAddresses.ADMIN_AUDIT, (b, m) -> accounts.audit(b));
    handle(IdentityAddresses.USERS_CONTACT, (b, m) -> accounts.contact(b));
  }

  private void wire(FriendsService friends, NotificationsService notifications) {
    handle(IdentityAddresses.USERS_SEARCH, (b, m) -> friends.search(AccountService.requireActor(m), b.getString("q"),
        b.getInteger("limit", FriendsService.DEFAULT_SEARCH_LIMIT)));
    handle(IdentityAddresses.FRIENDS, (b, m) -> friends.list(AccountService.requireActor(m)));
    handle(IdentityAddresses.FRIEND_REQUEST, (b, m) -> friends.request(AccountService.requireActor(m), b));
    handle(IdentityAddresses.FRIEND_ACCEPT, (b, m) -> friends.accept(AccountService.requireActor(m),
        b.getString("requestId")));
    handle(IdentityAddresses.FRIEND_DECLINE, (b, m) -> friends.decline(AccountService.requireActor(m),
        b.getString("requestId")));
    handle(IdentityAddresses.FRIEND_CANCEL, (b, m) -> friends.cancel(AccountService.requireActor(m),
        b.getString("requestId")));
    handle(IdentityAddresses.FRIEND_REMOVE, (b, m) -> friends.remove(AccountService.requireActor(m),
        b.getString("userId")));
    handle(IdentityAddresses.BLOCK, (b, m) -> friends.block(AccountService.requireActor(m), b.getString("userId")));
    handle(IdentityAddresses.UNBLOCK, (b, m) -> friends.unblock(AccountService.requireActor(m), b.getString("userId")));
    handle(IdentityAddresses.NOTIFICATIONS, (b, m) -> notifications.list(AccountService.requireActor(m),
        b.getInteger("limit", NotificationsService.DEFAULT_LIMIT), b.getString("before")));
    handle(IdentityAddresses.NOTIFICATIONS_READ, (b, m) -> notifications.markRead(AccountService.requireActor(m), b));
  }

  /** Published, not sent: every edge instance on every node keeps its own cache of principals. */
  private void announcePrincipalChanged(UUID userId) {
    vertx.eventBus().publish(IdentityAddresses.EVENTS_PRINCIPAL_CHANGED, EventEnvelope.of(
        IdentityAddresses.PRINCIPAL_CHANGED_TYPE, 1, new JsonObject().put("userId", userId.toString())));
  }

  private void handle(String address, BiFunction<JsonObject, RequestMeta, Future<JsonObject>> handler) {
    consumers.add(Bus.serve(vertx, address, "identity service", LOG,
        (body, headers) -> handler.apply(body, RequestMeta.of(headers))));
  }

  @Override
  public Future<?> stop() {
    List<Future<?>> all = new ArrayList<>();
    consumers.forEach(c -> all.add(c.unregister()));
    if (relay != null) {
      all.add(relay.stop());
    }
    if (mail != null) {
      all.add(mail.close());
    }
    if (social != null) {
      social.close();
    }
    return Future.join(all).eventually(() -> {
      if (redis != null) {
        redis.close();
      }
      return pool == null ? Future.succeededFuture() : pool.close();
    });
  }
}
