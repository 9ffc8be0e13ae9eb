package kstore.contracts.identity;

/**
 * Event-bus addresses of the identity (social login) service. Every request carries the caller's
 * {@code x-actor} header (a user id, or "anonymous") and {@code x-actor-roles}; shapes are in
 * {@code verticles/contracts/README.md}. All bodies are JSON objects.
 */
public final class IdentityAddresses {
  private IdentityAddresses() {
  }

  private static final String P = "identity.";

  /** Request/reply: who holds this credential ({@code accessToken} or {@code sessionToken}): a Principal. */
  public static final String AUTHENTICATE = P + "authenticate";
  public static final String REGISTER = P + "register";
  public static final String LOGIN = P + "login";
  public static final String REFRESH = P + "refresh";
  public static final String LOGOUT = P + "logout";
  public static final String VERIFY_EMAIL = P + "email.verify";
  public static final String RESEND_VERIFICATION = P + "email.resend";
  public static final String FORGOT_PASSWORD = P + "password.forgot";
  public static final String RESET_PASSWORD = P + "password.reset";
  public static final String PROVIDERS = P + "providers";
  public static final String OAUTH_START = P + "oauth.start";
  public static final String OAUTH_CALLBACK = P + "oauth.callback";
  public static final String LINK = P + "link";
  public static final String ME = P + "me.get";
  public static final String UPDATE_ME = P + "me.update";
  public static final String NOTIFICATIONS = P + "notifications.list";
  public static final String NOTIFICATIONS_READ = P + "notifications.read";
  public static final String USERS_SEARCH = P + "users.search";
  public static final String FRIENDS = P + "friends.list";
  public static final String FRIEND_REQUEST = P + "friends.request";
  public static final String FRIEND_ACCEPT = P + "friends.accept";
  public static final String FRIEND_DECLINE = P + "friends.decline";
  public static final String FRIEND_CANCEL = P + "friends.cancel";
  public static final String FRIEND_REMOVE = P + "friends.remove";
  public static final String BLOCK = P + "friends.block";
  public static final String UNBLOCK = P + "friends.unblock";
  /**
   * Request/reply, internal (service to service, never bridged): where and how to write to a user,
   * {@code {userId}} → {@code {email, emailVerified, lang, displayName}} ({@code email} may be null), or NOT_FOUND.
   */
  public static final String USERS_CONTACT = P + "users.contact";
  /** Request/reply (admin): a user's sign-in audit trail. */
  public static final String ADMIN_AUDIT = P + "admin.audit";
  /**
   * Published event, internal (never bridged): EventEnvelope of type {@link #PRINCIPAL_CHANGED_TYPE} with
   * {@code data {userId}}, sent after a committed change of anything {@code identity.authenticate} answers or
   * checks for that user (token epoch, roles, status, residence, language, name, email verification); every edge
   * instance drops the principals it cached for the user's access tokens.
   */
  public static final String EVENTS_PRINCIPAL_CHANGED = P + "events.principal-changed";
  /** The EventEnvelope type of {@link #EVENTS_PRINCIPAL_CHANGED}. */
  public static final String PRINCIPAL_CHANGED_TYPE = P + "principal-changed";
  /** Request/reply: readiness of an identity instance. */
  public static final String PING = P + "ping";

  /** Bridged to browsers: a signed-in user's in-app notifications (only that user's sockets may listen). */
  public static String userInbox(String userId) {
    return "client.out.user." + userId;
  }

  /** The prefix of {@link #userInbox(String)}, for the bridge's permission check. */
  public static final String USER_INBOX_PREFIX = "client.out.user.";

  /** Kafka topic carrying identity activity (sign-up, sign-in, friend events) via the outbox relay. */
  public static final String TOPIC = "kstore.identity.events";
}
