package kstore.notifications;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kstore.platform.KafkaConfig;
import kstore.platform.Pg;
import kstore.platform.PgConfig;
import kstore.platform.mail.MailConfig;
import kstore.platform.mail.Mailer;

/**
 * Wiring of the notification service: schema {@code notifications}, the checkout topic read as group
 * {@code kstore-notifications}, the buyer's contact from identity over the bus, mails over SMTP.
 */
public final class NotificationsVerticle extends VerticleBase {

  private Pool pool;
  private Mailer mailer;
  private CheckoutEvents events;

  @Override
  public Future<?> start() {
    JsonObject conf = config();
    NotificationsConfig config = NotificationsConfig.from(conf);
    KafkaConfig kafka = KafkaConfig.from(conf);
    if (!kafka.configured()) {
      throw new IllegalStateException("config key 'kafka.bootstrap' is not set: notifications has no events to read");
    }
    PgConfig pg = PgConfig.from(conf);
    pool = Pg.pool(vertx, pg);
    mailer = Mailer.create(vertx, MailConfig.from(conf), OrderMailTemplate.texts());
    OrderNotifier notifier = new OrderNotifier(new OrderMails(mailer.texts(), config.publicUrl()),
        new Contacts(vertx, config.contactTimeout()), new SentMails(pool), mailer);
    return Pg.migrate(vertx, pg, "notifications").compose(n -> {
      var kafkaConsumer = KafkaConsumer.<String, String>create(vertx, withClientId(kafka, config.groupId()));
      events = new CheckoutEvents(vertx, kafkaConsumer, config.topic(), notifier::handle, config.maxRetryDelay());
      return events.start();
    });
  }

  private static Map<String, String> withClientId(KafkaConfig kafka, String groupId) {
    var settings = kafka.consumer(groupId);
    settings.put("client.id", groupId + "-" + UUID.randomUUID());
    return settings;
  }

  @Override
  public Future<?> stop() {
    List<Future<?>> all = new ArrayList<>();
    if (events != null) {
      all.add(events.stop());
    }
    if (mailer != null) {
      all.add(mailer.close());
    }
    return Future.join(all).eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
