package kstore.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.OffsetAndMetadata;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.kafka.client.producer.RecordMetadata;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import kstore.contracts.ErrorCode;
import kstore.contracts.EventEnvelope;
import kstore.contracts.ServiceError;
import kstore.contracts.identity.IdentityAddresses;
import kstore.devstack.DevStack;
import kstore.platform.KafkaConfig;
import kstore.platform.OutboxRelay;
import kstore.platform.Pg;
import kstore.platform.PgConfig;
import kstore.platform.StoreConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The notification verticle on the real stack: envelopes produced to Kafka, mails read back from the dev mail
 * catcher, rows from PostgreSQL, the group's committed offsets from Kafka. A stub on {@code identity.users.contact}
 * stands in for the identity verticle.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The notification verticle")
class NotificationsVerticleTest {
  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static final String PUBLIC_URL = "https://store.example";

  private final String topic = "checkout-events-test-" + UUID.randomUUID();
  private final String group = "notifications-test-" + UUID.randomUUID();
  private final Map<String, JsonObject> contacts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failuresToServe = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> contactRequests = new ConcurrentHashMap<>();
  /** Per user, how long identity takes to answer each next contact request (then at once). */
  private final Map<String, java.util.Queue<Long>> contactDelays = new ConcurrentHashMap<>();

  private Vertx vertx;
  private JsonObject conf;
  private KafkaProducer<String, String> producer;
  private KafkaAdminClient admin;
  private Pool pool;
  private MessageConsumer<JsonObject> identity;
  private String deployment;

  @BeforeAll
  void deploy(Vertx vertx) {
    this.vertx = vertx;
    conf = StoreConfig.deepMerge(StoreConfig.load(List.of(), Map.of(), Map.of()), DevStack.shared().config());
    conf.getJsonObject("http").put("publicUrl", PUBLIC_URL);
    conf.put("notifications", new JsonObject().put("topic", topic).put("groupId", group).put("maxRetryDelayMs", 1000));
    KafkaConfig kafka = KafkaConfig.from(conf);
    producer = KafkaProducer.create(vertx, kafka.producer("notifications-test-" + UUID.randomUUID()));
    admin = KafkaAdminClient.create(vertx, Map.of("bootstrap.servers", kafka.bootstrap()));
    pool = Pg.pool(vertx, PgConfig.from(conf));
    identity = vertx.eventBus().consumer(IdentityAddresses.USERS_CONTACT, msg -> {
      String userId = msg.body().getString("userId");
      contactRequests.computeIfAbsent(userId, k -> new AtomicInteger()).incrementAndGet();
      AtomicInteger failures = failuresToServe.get(userId);
      if (failures != null && failures.getAndDecrement() > 0) {
        msg.fail(ErrorCode.INTERNAL.failureCode(), "identity is having a bad moment");
        return;
      }
      JsonObject contact = contacts.get(userId);
      Long delay = contactDelays.getOrDefault(userId, new java.util.ArrayDeque<>()).poll();
      Runnable answer = () -> {
        if (contact == null) {
          msg.fail(ErrorCode.NOT_FOUND.failureCode(), "no such user");
        } else {
          msg.reply(contact);
        }
      };
      if (delay == null) {
        answer.run();
      } else {
        vertx.setTimer(delay, t -> answer.run());
      }
    });
    await(identity.completion());
    // the first record creates the topic before the verticle subscribes to it
    await(produce(EventEnvelope.of("checkout.started", 1, new JsonObject().put("userId", "nobody"))));
    deployment = await(vertx.deployVerticle(new NotificationsVerticle(),
        new io.vertx.core.DeploymentOptions().setConfig(conf)));
  }

  @AfterAll
  void undeploy() {
    await(vertx.undeploy(deployment));
    await(Future.join(producer.close(), admin.close(), identity.unregister(), pool.close()));
  }

  // ---------------------------------------------------------------- tests

  @Test
  @DisplayName("sends a Korean buyer a Korean pre-order mail with the price in won and a link to the library")
  void koreanPreOrder() {
    String userId = UUID.randomUUID().toString();
    String email = "minji-" + userId + "@example.com";
    contacts.put(userId, contact(email, "ko-KR", "김민지"));
    JsonObject event = orderPaid(userId, "pre-order", money(66000, "KRW", 0), 0, 660)
        .put("releaseAt", "2026-09-04T00:00:00Z");
    JsonObject envelope = EventEnvelope.of("checkout.order-paid", 1, event);

    RecordMetadata at = await(produce(envelope));
    JsonObject mail = eventually(() -> mails(email), m -> m.size() == 1).getJsonObject(0);
    assertThat(mail.getString("subject")).isEqualTo("예약 구매가 확정되었습니다");
    assertThat(mail.getString("text"))
        .contains("김민지님, 안녕하세요.")
        .contains("Hollow Knight: Silksong 예약 구매가 확정되었습니다. 결제 금액: ₩66,000.")
        .contains("출시일인 2026년 9월 4일에 라이브러리에 추가됩니다.")
        .contains("포인트 660점을 적립했습니다.")
        .contains(PUBLIC_URL + "/library")
        .contains("주문 번호 " + event.getString("orderId"));
    assertThat(mail.getString("html")).contains("<html lang=\"ko\"").contains("href=\"" + PUBLIC_URL + "/library\"");

    committedPast(at);
    Row row = sentRow(envelope.getString("id"));
    assertThat(row).isNotNull();
    assertThat(row.getString("kind")).isEqualTo("order-pre-order");
    assertThat(row.getString("user_id")).isEqualTo(userId);
  }

  @Test
  @DisplayName("sends an English refund confirmation with the amount in dollars and the points moved back")
  void englishRefund() {
    String userId = UUID.randomUUID().toString();
    String email = "sam-" + userId + "@example.com";
    contacts.put(userId, contact(email, "en", "Sam"));
    JsonObject data = new JsonObject().put("orderId", UUID.randomUUID().toString()).put("userId", userId)
        .put("items", new JsonArray().add(new JsonObject().put("gameId", 292030).put("title", "The Witcher 3")))
        .put("refunded", money(5999, "USD", 2)).put("pointsReturned", 1200).put("pointsTakenBack", 60);

    await(produce(EventEnvelope.of("checkout.order-refunded", 1, data)));
    JsonObject mail = eventually(() -> mails(email), m -> m.size() == 1).getJsonObject(0);
    assertThat(mail.getString("subject")).isEqualTo("Your refund is complete");
    assertThat(mail.getString("text"))
        .startsWith("Hello Sam,")
        .contains("We refunded $59.99 for The Witcher 3.")
        .contains("We returned the 1,200 points you used and took back the 60 points this order earned.");
  }

  @Test
  @DisplayName("a buyer whose mail is slow holds up only their own later mails, which still go out in order")
  void slowBuyerDoesNotHoldUpOthers() {
    String slow = UUID.randomUUID().toString();
    String fast = UUID.randomUUID().toString();
    contacts.put(slow, contact("slow-" + slow + "@example.com", "en", "Sol"));
    contacts.put(fast, contact("fast-" + fast + "@example.com", "en", "Fay"));
    // identity takes 3 s for the slow buyer's first mail and answers their second at once
    contactDelays.put(slow, new java.util.concurrent.ConcurrentLinkedQueue<>(List.of(3_000L)));
    JsonObject paid = EventEnvelope.of("checkout.order-paid", 1, orderPaid(slow, "purchase", money(1999, "USD", 2), 0, 19));
    JsonObject refunded = EventEnvelope.of("checkout.order-refunded", 1, new JsonObject()
        .put("orderId", paid.getJsonObject("data").getString("orderId")).put("userId", slow)
        .put("items", paid.getJsonObject("data").getJsonArray("items")).put("refunded", money(1999, "USD", 2))
        .put("pointsReturned", 0).put("pointsTakenBack", 19));
    await(produce(paid));
    await(produce(refunded));
    RecordMetadata last = await(produce(EventEnvelope.of("checkout.order-paid", 1,
        orderPaid(fast, "purchase", money(999, "USD", 2), 0, 9))));

    // the other buyer's mail does not wait behind the slow one
    eventually(() -> mails("fast-" + fast + "@example.com"), m -> m.size() == 1);
    assertThat(mails("slow-" + slow + "@example.com")).isEmpty();
    // the slow buyer's mails follow their events' order although the second one's lookup was instant
    committedPast(last);
    Row paidSent = sentRow(paid.getString("id"));
    Row refundSent = sentRow(refunded.getString("id"));
    assertThat(paidSent).isNotNull();
    assertThat(refundSent).isNotNull();
    assertThat(paidSent.getOffsetDateTime("sent_at")).isBefore(refundSent.getOffsetDateTime("sent_at"));
    assertThat(mails("slow-" + slow + "@example.com")).hasSize(2);
  }

  @Test
  @DisplayName("sends one mail for an event delivered twice")
  void duplicateEventOneMail() {
    String userId = UUID.randomUUID().toString();
    String email = "dup-" + userId + "@example.com";
    contacts.put(userId, contact(email, "en", "Dee"));
    JsonObject envelope = EventEnvelope.of("checkout.order-paid", 1,
        orderPaid(userId, "purchase", money(5999, "USD", 2), 500, 0));

    await(produce(envelope));
    RecordMetadata second = await(produce(envelope));
    committedPast(second);
    JsonArray mails = mails(email);
    assertThat(mails).hasSize(1);
    assertThat(mails.getJsonObject(0).getString("subject")).isEqualTo("Thanks for your purchase");
    assertThat(mails.getJsonObject(0).getString("text"))
        .contains("Added to your library: Hollow Knight: Silksong. You paid $59.99. You used 500 points with this order.");
  }

  @Test
  @DisplayName("skips an event type it does not know without asking identity, and moves on")
  void unknownTypeSkipped() {
    String userId = UUID.randomUUID().toString();
    String email = "cart-" + userId + "@example.com";
    contacts.put(userId, contact(email, "en", "Cy"));

    RecordMetadata at = await(produce(EventEnvelope.of("checkout.cart-viewed", 1,
        new JsonObject().put("userId", userId).put("orderId", "o-1"))));
    committedPast(at);
    assertThat(mails(email)).isEmpty();
    assertThat(contactRequests).doesNotContainKey(userId);
  }

  @Test
  @DisplayName("skips a record whose type header names no mail, commits past it on its own, and handles the mail behind it")
  void skippedByHeader() {
    // not JSON at all: parsed, it would be logged as malformed; skipped by its header, it is never read
    KafkaProducerRecord<String, String> record = KafkaProducerRecord.create(topic, "k", "{not json");
    record.addHeader(OutboxRelay.TYPE_HEADER, "checkout.points-moved");
    RecordMetadata skipped = await(producer.send(record));
    committedPast(skipped);
    // and a mail event behind it is still handled
    String userId = UUID.randomUUID().toString();
    String email = "after-skip-" + userId + "@example.com";
    contacts.put(userId, contact(email, "en", "Sky"));
    RecordMetadata at = await(produce(EventEnvelope.of("checkout.order-paid", 1,
        orderPaid(userId, "purchase", new JsonObject().put("amount", 1999).put("currency", "USD").put("digits", 2), 0, 19))));
    committedPast(at);
    assertThat(mails(email)).hasSize(1);
  }

  @Test
  @DisplayName("skips a buyer without a mail address, records nothing, and still commits past the event")
  void noEmailSkipped() {
    String userId = UUID.randomUUID().toString();
    contacts.put(userId, new JsonObject().putNull("email").put("emailVerified", false).put("lang", "ja")
        .put("displayName", "Kenji"));
    JsonObject envelope = EventEnvelope.of("checkout.order-paid", 1,
        orderPaid(userId, "purchase", money(6600, "JPY", 0), 0, 66));

    RecordMetadata at = await(produce(envelope));
    committedPast(at);
    assertThat(contactRequests.get(userId)).hasValue(1);
    assertThat(sentRow(envelope.getString("id"))).isNull();
  }

  @Test
  @DisplayName("tries again when identity fails for a moment, and then sends the mail once")
  void retriesWhenIdentityFails() {
    String userId = UUID.randomUUID().toString();
    String email = "retry-" + userId + "@example.com";
    contacts.put(userId, contact(email, "zh", "李雷"));
    failuresToServe.put(userId, new AtomicInteger(2));

    RecordMetadata at = await(produce(EventEnvelope.of("checkout.order-paid", 1,
        orderPaid(userId, "purchase", money(4800, "CNY", 2), 0, 0))));
    committedPast(at);
    JsonArray mails = mails(email);
    assertThat(mails).hasSize(1);
    assertThat(mails.getJsonObject(0).getString("subject")).isEqualTo("感谢您的购买");
    assertThat(mails.getJsonObject(0).getString("text")).contains("支付金额：¥48.00。");
    assertThat(contactRequests.get(userId)).hasValue(3);
  }

  // ---------------------------------------------------------------- helpers

  private static JsonObject contact(String email, String lang, String displayName) {
    return new JsonObject().put("email", email).put("emailVerified", true).put("lang", lang)
        .put("displayName", displayName);
  }

  private static JsonObject money(long amount, String currency, int digits) {
    return new JsonObject().put("amount", amount).put("currency", currency).put("digits", digits);
  }

  private static JsonObject orderPaid(String userId, String kind, JsonObject total, long spent, long earned) {
    return new JsonObject().put("orderId", UUID.randomUUID().toString()).put("userId", userId).put("kind", kind)
        .put("items", new JsonArray().add(new JsonObject().put("gameId", 1030300).put("title", "Hollow Knight: Silksong")))
        .put("total", total).put("pointsSpent", spent).put("pointsEarned", earned);
  }

  private Future<RecordMetadata> produce(JsonObject envelope) {
    String key = envelope.getJsonObject("data").getString("userId");
    return producer.send(KafkaProducerRecord.create(topic, key, envelope.encode()));
  }

  /** Waits until the group committed an offset past this record (it was handled, whatever the outcome). */
  private void committedPast(RecordMetadata at) {
    TopicPartition tp = new TopicPartition(topic, at.getPartition());
    eventually(() -> await(admin.listConsumerGroupOffsets(group)),
        offsets -> {
          OffsetAndMetadata o = offsets.get(tp);
          return o != null && o.getOffset() > at.getOffset();
        });
  }

  private JsonArray mails(String to) {
    String api = conf.getJsonObject("devstack").getString("mailUi") + "api/messages?to="
        + URLEncoder.encode(to, StandardCharsets.UTF_8);
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new JsonArray(r.body());
    } catch (Exception e) {
      throw new AssertionError("mail catcher did not answer: " + e, e);
    }
  }

  private Row sentRow(String eventId) {
    var rows = await(pool.preparedQuery("SELECT kind, user_id, sent_at FROM notifications.sent WHERE event_id = $1")
        .execute(Tuple.of(UUID.fromString(eventId))));
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  /** Polls every 50 ms until {@code done} holds for the value, failing after {@link #WITHIN}. */
  private static <T> T eventually(Supplier<T> value, java.util.function.Predicate<T> done) {
    Instant deadline = Instant.now().plus(WITHIN);
    T last = null;
    while (Instant.now().isBefore(deadline)) {
      last = value.get();
      if (done.test(last)) {
        return last;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("condition not met within " + WITHIN + "; last value: " + last);
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
  }
}
