package kstore.identity;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import kstore.contracts.identity.IdentityAddresses;
import kstore.identity.account.AccountMail;
import kstore.identity.account.User;
import kstore.identity.friends.FriendNotifier;
import kstore.identity.mail.MailTemplate;
import kstore.platform.mail.MailConfig;
import kstore.platform.mail.Mailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What identity tells people: mails in the recipient's language over SMTP (verification, reset, friend requests)
 * and, for friend events, an in-app push on the recipient's bridged inbox address. Sending happens after the
 * change committed; a failed mail is logged, never undoes the change.
 */
final class IdentityMail implements AccountMail, FriendNotifier {
  private static final Logger LOG = LoggerFactory.getLogger(IdentityMail.class);

  private final Vertx vertx;
  private final Mailer mailer;
  private final String publicUrl;

  IdentityMail(Vertx vertx, JsonObject conf, IdentityConfig config) {
    this.vertx = vertx;
    this.mailer = Mailer.create(vertx, MailConfig.from(conf), MailTemplate.texts());
    this.publicUrl = config.publicUrl();
  }

  @Override
  public void verification(User user, String link) {
    send(user.email(), user.lang(), MailTemplate.VERIFY_EMAIL, Map.of("link", link, "name", user.displayName()));
  }

  @Override
  public void passwordReset(User user, String link, long minutes) {
    send(user.email(), user.lang(), MailTemplate.RESET_PASSWORD,
        Map.of("link", link, "expiryMinutes", Long.toString(minutes), "name", user.displayName()));
  }

  @Override
  public void friendRequested(JsonObject to, JsonObject from, String requestId) {
    push(to, new JsonObject().put("kind", "friend.request").put("requestId", requestId).put("from", publicOf(from)));
    send(to.getString("email"), to.getString("lang"), MailTemplate.FRIEND_REQUEST, Map.of(
        "fromName", from.getString("displayName"), "link", publicUrl + "/friends", "name", to.getString("displayName")));
  }

  @Override
  public void friendAccepted(JsonObject to, JsonObject from) {
    push(to, new JsonObject().put("kind", "friend.accepted").put("friend", publicOf(from)));
    send(to.getString("email"), to.getString("lang"), MailTemplate.FRIEND_ACCEPTED, Map.of(
        "friendName", from.getString("displayName"), "link", publicUrl + "/friends", "name", to.getString("displayName")));
  }

  private void push(JsonObject to, JsonObject message) {
    vertx.eventBus().publish(IdentityAddresses.userInbox(to.getString("userId")), message);
  }

  private static JsonObject publicOf(JsonObject person) {
    return new JsonObject().put("userId", person.getString("userId")).put("displayName", person.getString("displayName"))
        .put("friendCode", person.getString("friendCode"));
  }

  private void send(String to, String lang, MailTemplate template, Map<String, String> vars) {
    if (to == null) {
      return;
    }
    mailer.send(to, lang == null ? "en" : lang, template, vars)
        .onFailure(e -> LOG.warn("{} mail could not be sent: {}", template, e.getMessage()));
  }

  Future<Void> close() {
    return mailer.close();
  }
}
