package kstore.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Scenario 1 through the API of a whole store (edge, catalog, identity, checkout, notifications) on the real
 * PostgreSQL, Redis, Kafka, SMTP mail catcher and payment sandbox: pre-order with the country's methods, points,
 * library, refund; and the failures the issue names.
 */
@DisplayName("Checkout through the API (Scenario 1)")
class CheckoutApiTest {
  /** Starfall Odyssey: a demo pre-order, sold worldwide, 10% pre-order discount until release. */
  static final long STARFALL = 9_900_001L;
  /** Hanbit Chronicles: sold only in KR and JP under its launch contract. */
  static final long HANBIT = 9_900_002L;
  private static final String PASSWORD = "correct-horse-battery";
  private static String base;

  @BeforeAll
  static void start() {
    base = TestStore.baseUrl();
  }

  private static Client buyer(String country, String lang) {
    Client c = new Client(base);
    Http.Response r = c.register(Client.email("buyer-" + country.toLowerCase()), PASSWORD, "Buyer " + country, country,
        lang);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return c;
  }

  private static JsonObject quote(Client c, long game, long points) {
    Http.Response q = c.post("/api/v1/orders/quote", new JsonObject().put("items", new JsonArray().add(game))
        .put("points", points));
    assertThat(q.status()).as(q.body()).isEqualTo(200);
    ApiContract.assertMatches("quoteOrder", 200, q.json());
    return q.json();
  }

  private static Http.Response order(Client c, JsonObject quote, String method, String instrument, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1/orders")).timeout(Duration.ofSeconds(40))
        .header("Content-Type", "application/json").header("Cookie", "kstore_session=" + c.session)
        .header("X-CSRF-Token", c.csrf);
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    JsonObject body = new JsonObject().put("quoteToken", quote.getString("quoteToken")).put("method", method);
    if (instrument != null) {
      body.put("instrument", instrument);
    }
    Http.Response r = Http.send(b.POST(HttpRequest.BodyPublishers.ofString(body.encode())).build());
    if (r.status() == 201 || r.status() == 202) {
      ApiContract.assertMatches("createOrder", r.status(), r.json());
    }
    return r;
  }

  private static JsonObject library(Client c) {
    JsonObject library = c.get("/api/v1/library").json();
    ApiContract.assertMatches("getLibrary", 200, library);
    return library;
  }

  @Test
  @DisplayName("S1.3–S1.11: a Korean buyer sees Korean methods, pre-orders with a card at the pre-order price, earns points, gets a mail, sees it in the library")
  void preOrderWithCard() throws InterruptedException {
    Client mina = buyer("KR", "ko");
    JsonObject offered = mina.get("/api/v1/payment-methods").json();
    ApiContract.assertMatches("listPaymentMethods", 200, offered);
    JsonArray methods = offered.getJsonArray("methods");
    assertThat(Client.ids(methods, "id")).contains("card", "kakaopay", "naverpay", "toss").doesNotContain("paypay", "alipay");

    JsonObject q = quote(mina, STARFALL, 0);
    assertThat(q.getString("currency")).isEqualTo("KRW");
    assertThat(q.getString("kind")).isEqualTo("pre-order");
    JsonObject line = q.getJsonArray("items").getJsonObject(0);
    assertThat(line.getInteger("discountPercent")).isEqualTo(10);
    assertThat(line.getLong("amount")).isLessThan(line.getLong("list"));
    assertThat(q.getLong("total")).isEqualTo(line.getLong("amount"));
    assertThat(q.getBoolean("taxIncluded")).isTrue();
    assertThat(q.getLong("pointsEarned")).isEqualTo(q.getLong("total") * 500 / 10_000);

    Http.Response placed = order(mina, q, "card", "pm_card_visa", UUID.randomUUID().toString());
    assertThat(placed.status()).as(placed.body()).isEqualTo(201);
    JsonObject o = placed.json();
    assertThat(o.getString("status")).isEqualTo("paid");
    assertThat(o.getLong("total")).isEqualTo(q.getLong("total"));

    JsonArray items = library(mina).getJsonArray("items");
    assertThat(items).hasSize(1);
    assertThat(items.getJsonObject(0).getString("status")).isEqualTo("pre-ordered");
    assertThat(items.getJsonObject(0).getJsonObject("refund").getBoolean("allowed")).isTrue();
    JsonObject points = mina.get("/api/v1/me/points").json();
    ApiContract.assertMatches("getPoints", 200, points);
    ApiContract.assertMatches("getOrder", 200, mina.get("/api/v1/orders/" + o.getString("id")).json());
    assertThat(points.getLong("balance")).isEqualTo(q.getLong("pointsEarned"));
    long ledgerSum = points.getJsonArray("items").stream().mapToLong(r -> ((JsonObject) r).getLong("delta")).sum();
    assertThat(ledgerSum).isEqualTo(points.getLong("balance"));

    String email = mina.get("/api/v1/me").json().getString("email");
    JsonObject mail = Client.awaitMail(email, "예약 구매가 확정되었습니다");
    assertThat(mail.getString("text")).contains("스타폴 오디세이").contains(base + "/library");
  }

  @Test
  @DisplayName("S1.12–S1.14: refunding the pre-order returns spent points, takes earned points back, and removes it from the library")
  void refundPreOrder() throws InterruptedException {
    Client jun = buyer("KR", "ko");
    Http.Response first = order(jun, quote(jun, STARFALL, 0), "card", "pm_card_visa", UUID.randomUUID().toString());
    long earned = first.json().getLong("pointsEarned");
    assertThat(jun.get("/api/v1/me/points").json().getLong("balance")).isEqualTo(earned);
    String firstId = first.json().getString("id");
    // spend the earned points on a second game, then refund the first order: its earned points go negative
    JsonObject q2 = quote(jun, 9_900_005L, earned);
    assertThat(q2.getLong("pointsValue")).isEqualTo(earned);
    Http.Response second = order(jun, q2, "card", "pm_card_visa", UUID.randomUUID().toString());
    assertThat(second.json().getString("status")).as(second.body()).isEqualTo("paid");
    assertThat(second.json().getLong("total")).isEqualTo(q2.getLong("total"));

    Http.Response refunded = jun.post("/api/v1/orders/" + firstId + "/refund", new JsonObject());
    assertThat(refunded.status()).as(refunded.body()).isEqualTo(200);
    ApiContract.assertMatches("refundOrder", 200, refunded.json());
    assertThat(refunded.json().getString("status")).isEqualTo("refunded");
    assertThat(Client.ids(library(jun).getJsonArray("items"), "orderId")).doesNotContain(firstId);
    JsonObject points = jun.get("/api/v1/me/points").json();
    long expected = earned - earned + second.json().getLong("pointsEarned") - earned;
    assertThat(points.getLong("balance")).isEqualTo(expected);
    assertThat(points.getJsonArray("items").stream().mapToLong(r -> ((JsonObject) r).getLong("delta")).sum())
        .isEqualTo(points.getLong("balance"));

    Http.Response again = jun.post("/api/v1/orders/" + firstId + "/refund", new JsonObject());
    assertThat(again.json().getString("status")).as("a second refund is the same answer").isEqualTo("refunded");

    // R13: every ledger row is also an activity event for analytics, once (the second refund moved nothing)
    String userId = jun.get("/api/v1/me").json().getString("id");
    List<String> ledger = points.getJsonArray("items").stream()
        .map(r -> ((JsonObject) r).getString("kind") + " " + ((JsonObject) r).getLong("delta")).sorted().toList();
    List<JsonObject> events = ActivityEvents.await("kstore.checkout.events", e -> "checkout.points-moved"
        .equals(e.getString("type")) && userId.equals(e.getJsonObject("data").getString("userId")), ledger.size());
    assertThat(events.stream().map(e -> e.getJsonObject("data").getString("kind") + " "
        + e.getJsonObject("data").getLong("delta")).sorted().toList()).isEqualTo(ledger);
    JsonObject mail = Client.awaitMail(jun.get("/api/v1/me").json().getString("email"), "환불이 완료되었습니다");
    assertThat(mail.getString("text")).contains("스타폴 오디세이");
  }

  @Test
  @DisplayName("two refunds at once make one refund")
  void concurrentRefunds() throws Exception {
    Client c = buyer("US", "en");
    String id = order(c, quote(c, STARFALL, 0), "card", "pm_card_visa", UUID.randomUUID().toString()).json()
        .getString("id");
    List<CompletableFuture<Http.Response>> both = List.of(
        CompletableFuture.supplyAsync(() -> c.post("/api/v1/orders/" + id + "/refund", new JsonObject())),
        CompletableFuture.supplyAsync(() -> c.post("/api/v1/orders/" + id + "/refund", new JsonObject())));
    List<Integer> statuses = both.stream().map(CompletableFuture::join).map(Http.Response::status).toList();
    assertThat(statuses).contains(200);
    assertThat(statuses).allMatch(s -> s == 200 || s == 409);
    assertThat(c.get("/api/v1/orders/" + id).json().getString("status")).isEqualTo("refunded");
    assertThat(c.get("/api/v1/me/points").json().getLong("balance")).isZero();
  }

  @Test
  @DisplayName("S1.4: a game outside the buyer's service countries is refused with REGION_BLOCKED and the reason")
  void regionBlocked() {
    Client us = buyer("US", "en");
    Http.Response q = us.post("/api/v1/orders/quote", new JsonObject().put("items", new JsonArray().add(HANBIT)));
    assertThat(q.status()).isEqualTo(451);
    assertThat(q.json().getString("error")).isEqualTo("REGION_BLOCKED");
    assertThat(q.json().getString("message")).isNotBlank();

    Client kr = buyer("KR", "ko");
    assertThat(kr.post("/api/v1/orders/quote", new JsonObject().put("items", new JsonArray().add(HANBIT))).status())
        .isEqualTo(200);
  }

  @Test
  @DisplayName("a buyer can only pay with their country's methods")
  void foreignMethodRefused() {
    Client kr = buyer("KR", "ko");
    Http.Response r = order(kr, quote(kr, STARFALL, 0), "paypay", null, UUID.randomUUID().toString());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getString("message")).contains("kakaopay");
  }

  @Test
  @DisplayName("a double-submitted checkout is one order and one charge; a key reused for another order is refused")
  void doubleSubmit() throws Exception {
    Client c = buyer("DE", "en");
    JsonObject q = quote(c, STARFALL, 0);
    String key = UUID.randomUUID().toString();
    List<CompletableFuture<Http.Response>> twice = List.of(
        CompletableFuture.supplyAsync(() -> order(c, q, "card", "pm_card_visa", key)),
        CompletableFuture.supplyAsync(() -> order(c, q, "card", "pm_card_visa", key)));
    List<Http.Response> answers = twice.stream().map(CompletableFuture::join).toList();
    assertThat(answers.get(0).json().getString("id")).isEqualTo(answers.get(1).json().getString("id"));
    assertThat(library(c).getJsonArray("items")).hasSize(1);
    Http.Response other = order(c, q, "card", "pm_card_mastercard", key);
    assertThat(other.status()).isEqualTo(409);
    Http.Response noKey = order(c, q, "card", "pm_card_visa", null);
    assertThat(noKey.status()).isEqualTo(400);
    Http.Response again = order(c, quote(c, STARFALL, 0), "card", "pm_card_visa", UUID.randomUUID().toString());
    assertThat(again.status()).as("already in the library").isEqualTo(409);

    // the buyer moves (DE → FR): a retry of the placed order still answers that order, a new order from the old
    // quote is refused
    Http.Response moved = c.patch("/api/v1/me", new JsonObject().put("residenceCountry", "FR"));
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    Http.Response retry = order(c, q, "card", "pm_card_visa", key);
    assertThat(retry.status()).as(retry.body()).isIn(200, 201);
    assertThat(retry.json().getString("id")).isEqualTo(answers.get(0).json().getString("id"));
    assertThat(retry.json().getString("status")).isEqualTo("paid");
    Http.Response stale = order(c, q, "card", "pm_card_visa", UUID.randomUUID().toString());
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().getString("message")).contains("residence");
  }

  @Test
  @DisplayName("declined and insufficient-funds cards fail the order with the reason and return the reserved points")
  void declines() {
    Client c = buyer("KR", "ko");
    order(c, quote(c, STARFALL, 0), "card", "pm_card_visa", UUID.randomUUID().toString());
    long balance = c.get("/api/v1/me/points").json().getLong("balance");
    for (String card : new String[] {"pm_card_chargeDeclined", "pm_card_insufficientFunds"}) {
      JsonObject q = quote(c, 9_900_005L, balance);
      Http.Response r = order(c, q, "card", card, UUID.randomUUID().toString());
      assertThat(r.json().getString("status")).as(card + ": " + r.body()).isEqualTo("failed");
      assertThat(r.json().getJsonObject("failure").getString("code")).isNotBlank();
      assertThat(c.get("/api/v1/me/points").json().getLong("balance")).as("points returned").isEqualTo(balance);
    }
    assertThat(library(c).getJsonArray("items")).hasSize(1);
  }

  @Test
  @DisplayName("R12: a card issued where K Store may not sell (Iran) is refused before any charge; a card's country is kept")
  void sanctionedCardCountry() {
    Client c = buyer("KR", "ko");
    order(c, quote(c, STARFALL, 0), "card", "pm_card_kr", UUID.randomUUID().toString());
    long balance = c.get("/api/v1/me/points").json().getLong("balance");
    Http.Response refused = order(c, quote(c, 9_900_005L, balance), "card", "pm_card_ir", UUID.randomUUID().toString());
    assertThat(refused.json().getString("status")).as(refused.body()).isEqualTo("failed");
    assertThat(refused.json().getJsonObject("failure").getString("code")).isEqualTo("card_country_unavailable");
    assertThat(refused.json().getJsonObject("failure").getString("message")).contains("Iran");
    assertThat(refused.json().getString("paymentCountry")).isEqualTo("IR");
    assertThat(c.get("/api/v1/me/points").json().getLong("balance")).as("points returned").isEqualTo(balance);
    assertThat(library(c).getJsonArray("items")).hasSize(1);

    Http.Response paid = order(c, quote(c, 9_900_005L, 0), "card", "pm_card_kr", UUID.randomUUID().toString());
    assertThat(paid.json().getString("status")).as(paid.body()).isEqualTo("paid");
    assertThat(paid.json().getString("paymentCountry")).isEqualTo("KR");
    assertThat(c.get("/api/v1/orders/" + paid.json().getString("id")).json().getString("paymentCountry"))
        .isEqualTo("KR");
  }

  @Test
  @DisplayName("3-D Secure: the order waits for the challenge, then the buyer's return settles it")
  void threeDSecure() {
    Client c = buyer("GB", "en");
    Http.Response r = order(c, quote(c, STARFALL, 0), "card", "pm_card_threeDSecureRequired",
        UUID.randomUUID().toString());
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().getString("status")).isEqualTo("requires_action");
    String challenge = r.json().getString("nextActionUrl");
    Http.Response approved = Http.get(challenge + (challenge.contains("?") ? "&" : "?") + "auto=approve");
    assertThat(approved.status()).isBetween(200, 399);
    String id = r.json().getString("id");
    Http.Response confirmed = c.post("/api/v1/orders/" + id + "/confirm", new JsonObject().put("params", new JsonObject()));
    assertThat(confirmed.json().getString("status")).as(confirmed.body()).isEqualTo("paid");
  }

  @Test
  @DisplayName("a redirect wallet (KakaoPay): approve on the provider page, come back with pg_token, paid")
  void kakaoPay() {
    Client c = buyer("KR", "ko");
    Http.Response r = order(c, quote(c, STARFALL, 0), "kakaopay", "wallet_ok", UUID.randomUUID().toString());
    assertThat(r.json().getString("status")).as(r.body()).isEqualTo("requires_action");
    String page = r.json().getString("nextActionUrl");
    Http.Response approved = Http.get(page + (page.contains("?") ? "&" : "?") + "auto=approve");
    String back = approved.headers().firstValue("location").orElseThrow();
    Map<String, String> query = Client.query(back);
    Http.Response confirmed = c.post("/api/v1/orders/" + r.json().getString("id") + "/confirm",
        new JsonObject().put("params", new JsonObject().put("pg_token", query.get("pg_token"))));
    assertThat(confirmed.json().getString("status")).as(confirmed.body()).isEqualTo("paid");
  }

  @Test
  @DisplayName("M-Pesa takes whole shillings: a Kenyan buyer sees a 20% sale on KSh 849 as KSh 679.00 and is quoted, "
      + "charged through M-Pesa and credited points for exactly that")
  void kenyanSaleInWholeShillings() {
    java.time.Instant now = java.time.Instant.now();
    JsonObject game = new JsonObject()
        .put("titles", new JsonObject().put("en", "Savanna Rally " + System.nanoTime()))
        .put("description", "A racing game on sale in Kenya.")
        .put("developer", "K Test Studio").put("publisher", "K Test Publishing")
        .put("genres", new JsonArray().add("Racing")).put("tags", new JsonArray().add("Test"))
        .put("platforms", new JsonArray().add("windows")).put("ageRating", 0)
        .put("releaseAt", now.minus(Duration.ofDays(30)).toString()).put("status", "released")
        .put("priceTier", 999)
        .put("discount", new JsonObject().put("percent", 20).put("kind", "sale")
            .put("startsAt", now.minusSeconds(60).toString()).put("endsAt", now.plus(Duration.ofDays(1)).toString()));
    Http.Response created = Http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/games"))
        .header("Authorization", "Bearer " + TestStore.adminToken()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(game.encode())).build());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    long id = created.json().getLong("id");

    JsonObject shown = Http.get(base + "/api/v1/games/" + id + "?country=KE").json().getJsonObject("price");
    assertThat(shown.getString("currency")).isEqualTo("KES");
    assertThat(shown.getLong("list")).isEqualTo(84_900L);
    assertThat(shown.getLong("amount")).as("KSh 679.20 rounded down to a whole shilling").isEqualTo(67_900L);

    Client wanjiru = buyer("KE", "en");
    assertThat(Client.ids(wanjiru.get("/api/v1/payment-methods").json().getJsonArray("methods"), "id"))
        .containsExactly("mpesa", "card");
    JsonObject q = quote(wanjiru, id, 0);
    assertThat(q.getJsonArray("items").getJsonObject(0).getLong("amount")).isEqualTo(shown.getLong("amount"));
    assertThat(q.getLong("total")).as("the storefront shows what is charged").isEqualTo(67_900L);

    Http.Response r = order(wanjiru, q, "mpesa", "wallet_ok", UUID.randomUUID().toString());
    assertThat(r.json().getString("status")).as(r.body()).isEqualTo("requires_action");
    assertThat(r.json().getLong("total")).isEqualTo(67_900L);
    String page = r.json().getString("nextActionUrl");
    assertThat(Http.get(page).body()).as("the M-Pesa page asks for KSh 679").contains("679.00 KES");
    Http.Response approved = Http.get(page + (page.contains("?") ? "&" : "?") + "auto=approve");
    Map<String, String> back = Client.query(approved.headers().firstValue("location").orElseThrow());
    Http.Response confirmed = wanjiru.post("/api/v1/orders/" + r.json().getString("id") + "/confirm",
        new JsonObject().put("params", new JsonObject().put("pg_token", back.get("pg_token"))));
    assertThat(confirmed.json().getString("status")).as(confirmed.body()).isEqualTo("paid");
    assertThat(confirmed.json().getLong("total")).isEqualTo(67_900L);

    JsonObject points = wanjiru.get("/api/v1/me/points").json();
    assertThat(points.getLong("balance")).as("1% of KSh 679 in KSh 1 points").isEqualTo(6L);
    assertThat(points.getJsonArray("items").stream().map(i -> ((JsonObject) i).getString("kind") + " "
        + ((JsonObject) i).getLong("delta")).toList()).containsExactly("earn 6");
  }

  private static Http.Response asAdmin(String method, String path) {
    return Http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer "
        + TestStore.adminToken()).header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
        .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString("{}")).build());
  }

  /** The orphan charge of a provider payment in the admin list of {@code status}, or null. */
  private static JsonObject orphanCharge(String status, String chargeRef) {
    Http.Response page = asAdmin("GET", "/api/v1/admin/orphan-charges?status=" + status + "&size=100");
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    ApiContract.assertMatches("listOrphanCharges", 200, page.json());
    return page.json().getJsonArray("items").stream().map(i -> (JsonObject) i)
        .filter(i -> chargeRef.equals(i.getString("chargeRef"))).findFirst().orElse(null);
  }

  private static JsonObject awaitOrphanCharge(String status, String chargeRef) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    JsonObject found = orphanCharge(status, chargeRef);
    while (found == null && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(250);
      found = orphanCharge(status, chargeRef);
    }
    assertThat(found).as("orphan charge " + chargeRef + " listed as " + status).isNotNull();
    return found;
  }

  @Test
  @DisplayName("a charge that pays for nothing whose refund keeps failing stops after the configured attempts, is "
      + "announced and listed for admins only, and an admin's retry after the provider recovers refunds it once")
  void stuckOrphanRefund() throws InterruptedException {
    Client c = buyer("US", "en");
    Http.Response r = order(c, quote(c, STARFALL, 0), "card", "pm_card_threeDSecureRequired",
        UUID.randomUUID().toString());
    assertThat(r.json().getString("status")).as(r.body()).isEqualTo("requires_action");
    String challenge = r.json().getString("nextActionUrl");
    String sandbox = challenge.substring(0, challenge.indexOf("/pay/3ds/"));
    String charge = challenge.substring(challenge.indexOf("/pay/3ds/") + 9).replaceAll("[?#].*", "");
    Http.Response broken = Http.send(HttpRequest.newBuilder(URI.create(sandbox + "/sandbox/payments/" + charge
        + "/refunds/outage")).POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(broken.status()).as(broken.body()).isEqualTo(200);
    // the buyer gives up, then approves the challenge in another tab: a charge for a failed order
    Http.Response gaveUp = c.post("/api/v1/orders/" + r.json().getString("id") + "/confirm",
        new JsonObject().put("params", new JsonObject().put("result", "fail")));
    assertThat(gaveUp.json().getString("status")).as(gaveUp.body()).isEqualTo("failed");
    Http.get(challenge + (challenge.contains("?") ? "&" : "?") + "auto=approve");

    JsonObject stuck = awaitOrphanCharge("needs_attention", charge);
    assertThat(stuck.getString("orderId")).isEqualTo(r.json().getString("id"));
    assertThat(stuck.getString("reason")).isEqualTo("order-failed");
    assertThat(stuck.getInteger("attempts")).isEqualTo(2);
    assertThat(stuck.getString("lastError")).contains("refunds are unavailable");
    assertThat(stuck.getJsonObject("amount").getLong("amount")).isEqualTo(r.json().getLong("total"));
    List<JsonObject> announced = ActivityEvents.await("kstore.checkout.events", e -> "checkout.orphan-refund-stuck"
        .equals(e.getString("type")) && charge.equals(e.getJsonObject("data").getString("chargeRef")), 1);
    assertThat(announced).hasSize(1);
    assertThat(c.get("/api/v1/admin/orphan-charges").status()).as("buyers may not look").isEqualTo(403);
    assertThat(c.post("/api/v1/admin/orphan-charges/" + stuck.getString("id") + "/retry", new JsonObject()).status())
        .isEqualTo(403);
    assertThat(asAdmin("POST", "/api/v1/admin/orphan-charges/" + UUID.randomUUID() + "/retry").status())
        .isEqualTo(404);
    assertThat(asAdmin("GET", "/api/v1/admin/orphan-charges?status=lost").status()).isEqualTo(400);

    Http.send(HttpRequest.newBuilder(URI.create(sandbox + "/sandbox/payments/" + charge + "/refunds/mend"))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    Http.Response retried = asAdmin("POST", "/api/v1/admin/orphan-charges/" + stuck.getString("id") + "/retry");
    assertThat(retried.status()).as(retried.body()).isEqualTo(202);
    ApiContract.assertMatches("retryOrphanCharge", 202, retried.json());
    assertThat(retried.json().getString("status")).isIn("refunding", "refunded");
    JsonObject refunded = awaitOrphanCharge("refunded", charge);
    assertThat(refunded.getString("refundRef")).startsWith("re_");
    Http.Response again = asAdmin("POST", "/api/v1/admin/orphan-charges/" + stuck.getString("id") + "/retry");
    assertThat(again.json().getString("status")).as("a second retry is answered as it stands").isEqualTo("refunded");
    assertThat(again.json().getString("refundRef")).isEqualTo(refunded.getString("refundRef"));
    assertThat(orphanCharge("needs_attention", charge)).isNull();
  }

  @Test
  @DisplayName("a provider that times out (but charges) is settled by its webhook: never charged without the game")
  void timeoutSettledByWebhook() throws InterruptedException {
    Client c = buyer("US", "en");
    Http.Response r = order(c, quote(c, STARFALL, 0), "card", "pm_card_timeout", UUID.randomUUID().toString());
    // the call times out after 10 s; the sandbox's webhook comes 5 s after the charge, so either may answer first
    assertThat(r.json().getString("status")).as(r.body()).isIn("pending", "paid");
    String id = r.json().getString("id");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String status = "pending";
    while (!status.equals("paid") && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(500);
      status = c.get("/api/v1/orders/" + id).json().getString("status");
    }
    assertThat(status).isEqualTo("paid");
    assertThat(library(c).getJsonArray("items")).hasSize(1);
  }

  @Test
  @DisplayName("a forged webhook is refused and changes nothing")
  void forgedWebhook() {
    String body = new JsonObject().put("id", "evt_forged").put("type", "payment_intent.succeeded")
        .put("data", new JsonObject().put("object", new JsonObject().put("id", "pi_x")
            .put("metadata", new JsonObject().put("orderId", UUID.randomUUID().toString())))).encode();
    Http.Response r = Http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/payments/webhooks/sandbox"))
        .header("Content-Type", "application/json")
        .header("Sandbox-Signature", "t=" + (System.currentTimeMillis() / 1000) + ",v1=" + "00".repeat(32))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    assertThat(r.status()).isEqualTo(400);
  }

  @Test
  @DisplayName("orders of other buyers are not found; signed-out callers get 401")
  void privacy() {
    Client a = buyer("US", "en");
    Client b = buyer("US", "en");
    String id = order(a, quote(a, STARFALL, 0), "card", "pm_card_visa", UUID.randomUUID().toString()).json()
        .getString("id");
    assertThat(b.get("/api/v1/orders/" + id).status()).isEqualTo(404);
    assertThat(b.post("/api/v1/orders/" + id + "/refund", new JsonObject()).status()).isEqualTo(404);
    assertThat(new Client(base).get("/api/v1/library").status()).isEqualTo(401);
  }

  @Test
  @DisplayName("S1.15–S1.16: at the release instant the pre-order becomes owned (within 5 s) and the pre-order discount ends")
  void releaseDay() throws InterruptedException {
    java.time.Instant release = java.time.Instant.now().plusSeconds(8).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    JsonObject game = new JsonObject()
        .put("titles", new JsonObject().put("en", "Release Day Test " + System.nanoTime()))
        .put("description", "A pre-order released during the test.")
        .put("developer", "K Test Studio").put("publisher", "K Test Publishing")
        .put("genres", new JsonArray().add("Adventure")).put("tags", new JsonArray().add("Test"))
        .put("platforms", new JsonArray().add("windows")).put("ageRating", 0)
        .put("releaseAt", release.toString()).put("status", "pre-order")
        .put("priceTier", 1999)
        .put("discount", new JsonObject().put("percent", 20).put("kind", "pre-order")
            .put("startsAt", java.time.Instant.now().minusSeconds(60).toString()).put("endsAt", release.toString()));
    Http.Response created = Http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/games"))
        .header("Authorization", "Bearer " + TestStore.adminToken()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(game.encode())).build());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    long id = created.json().getLong("id");

    Client early = buyer("US", "en");
    JsonObject before = quote(early, id, 0);
    assertThat(before.getJsonArray("items").getJsonObject(0).getInteger("discountPercent")).isEqualTo(20);
    Http.Response placed = order(early, before, "card", "pm_card_visa", UUID.randomUUID().toString());
    assertThat(placed.json().getString("status")).as(placed.body()).isEqualTo("paid");
    assertThat(library(early).getJsonArray("items").getJsonObject(0).getString("status")).isEqualTo("pre-ordered");
    Http.Response tooEarly = early.get("/api/v1/library/" + id + "/download");
    assertThat(tooEarly.status()).isEqualTo(403);
    assertThat(tooEarly.json().getString("message")).contains("release");

    while (java.time.Instant.now().isBefore(release)) {
      TimeUnit.MILLISECONDS.sleep(100);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    String status = "pre-ordered";
    while (!status.equals("owned") && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
      status = library(early).getJsonArray("items").getJsonObject(0).getString("status");
    }
    assertThat(status).as("owned within 5 s of the release instant").isEqualTo("owned");

    Http.Response link = early.get("/api/v1/library/" + id + "/download");
    assertThat(link.status()).as(link.body()).isEqualTo(200);
    String url = base + link.json().getString("url");
    Http.Response part = Http.send(HttpRequest.newBuilder(URI.create(url)).header("Range", "bytes=100-199").GET().build());
    assertThat(part.status()).isEqualTo(206);
    assertThat(part.headers().firstValue("content-range").orElseThrow()).startsWith("bytes 100-199/");
    assertThat(part.headers().firstValue("content-length").orElseThrow()).isEqualTo("100");
    Http.Response whole = Http.get(url);
    assertThat(whole.status()).isEqualTo(200);
    assertThat(whole.headers().firstValue("accept-ranges").orElseThrow()).isEqualTo("bytes");
    assertThat(Http.get(url.replaceAll("sig=[0-9a-f]{4}", "sig=0000")).status()).as("a forged link").isEqualTo(403);

    Client late = buyer("US", "en");
    JsonObject after = quote(late, id, 0);
    JsonObject line = after.getJsonArray("items").getJsonObject(0);
    assertThat(after.getString("kind")).isEqualTo("purchase");
    assertThat(line.getInteger("discountPercent")).as("the pre-order discount has ended").isZero();
    assertThat(line.getLong("amount")).isEqualTo(line.getLong("list"));
    assertThat(after.getLong("total")).isGreaterThan(before.getLong("total"));
    assertThat(late.get("/api/v1/library/" + id + "/download").status()).as("not an owner").isEqualTo(403);
  }

  private static String awaitStatus(Client c, String orderId, String wanted, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String status = c.get("/api/v1/orders/" + orderId).json().getString("status");
    while (!wanted.equals(status) && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(200);
      status = c.get("/api/v1/orders/" + orderId).json().getString("status");
    }
    return status;
  }

  @Test
  @DisplayName("konbini (voucher): pending until paid at the shop, then paid by the webhook; an expired one fails and returns points")
  void konbiniVoucher() throws InterruptedException {
    Client c = buyer("JP", "ja");
    Http.Response r = order(c, quote(c, STARFALL, 0), "konbini", null, UUID.randomUUID().toString());
    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().getString("status")).isEqualTo("pending");
    String instructions = r.json().getString("nextActionUrl");
    assertThat(instructions).contains("/pay/vouchers/");
    String sandbox = instructions.substring(0, instructions.indexOf("/pay/vouchers/"));
    String voucher = instructions.substring(instructions.indexOf("/pay/vouchers/") + 14).replaceAll("[?#].*", "");
    assertThat(library(c).getJsonArray("items")).as("nothing owned before it is paid").isEmpty();

    Http.Response paid = Http.send(HttpRequest.newBuilder(URI.create(sandbox + "/sandbox/vouchers/" + voucher + "/pay"))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(paid.status()).as(paid.body()).isEqualTo(200);
    assertThat(awaitStatus(c, r.json().getString("id"), "paid", 20)).isEqualTo("paid");
    assertThat(library(c).getJsonArray("items")).hasSize(1);

    long balance = c.get("/api/v1/me/points").json().getLong("balance");
    Http.Response second = order(c, quote(c, 9_900_005L, balance), "konbini", null, UUID.randomUUID().toString());
    String url2 = second.json().getString("nextActionUrl");
    String voucher2 = url2.substring(url2.indexOf("/pay/vouchers/") + 14).replaceAll("[?#].*", "");
    assertThat(c.get("/api/v1/me/points").json().getLong("balance")).as("points reserved").isZero();
    Http.send(HttpRequest.newBuilder(URI.create(sandbox + "/sandbox/vouchers/" + voucher2 + "/expire"))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(awaitStatus(c, second.json().getString("id"), "failed", 20)).isEqualTo("failed");
    assertThat(c.get("/api/v1/me/points").json().getLong("balance")).as("points back").isEqualTo(balance);
  }

  @Test
  @DisplayName("a duplicated webhook and a webhook arriving before the buyer's return settle the order once")
  void webhookEdgeCases() throws InterruptedException {
    Client c = buyer("US", "en");
    Http.Response dup = order(c, quote(c, STARFALL, 0), "card", "pm_card_duplicateWebhook", UUID.randomUUID().toString());
    assertThat(dup.json().getString("status")).isEqualTo("paid");

    Client d = buyer("US", "en");
    Http.Response first = order(d, quote(d, STARFALL, 0), "card", "pm_card_webhookFirst", UUID.randomUUID().toString());
    assertThat(first.json().getString("status")).isEqualTo("requires_action");
    String challenge = first.json().getString("nextActionUrl");
    Http.get(challenge + (challenge.contains("?") ? "&" : "?") + "auto=approve");
    assertThat(awaitStatus(d, first.json().getString("id"), "paid", 20)).as("the webhook came first").isEqualTo("paid");
    Http.Response back = d.post("/api/v1/orders/" + first.json().getString("id") + "/confirm",
        new JsonObject().put("params", new JsonObject()));
    assertThat(back.json().getString("status")).isEqualTo("paid");
    assertThat(library(d).getJsonArray("items")).hasSize(1);
    assertThat(d.get("/api/v1/me/points").json().getLong("balance")).isEqualTo(first.json().getLong("pointsEarned"));
  }

  @Test
  @DisplayName("a provider error leaves the order unsettled (no game, no charge) for reconciliation, never paid")
  void providerError() {
    Client c = buyer("US", "en");
    Http.Response r = order(c, quote(c, STARFALL, 0), "card", "pm_card_providerError", UUID.randomUUID().toString());
    assertThat(r.json().getString("status")).as(r.body()).isEqualTo("pending");
    assertThat(library(c).getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("points can never be spent twice: two orders at once each spending the whole balance, one is refused")
  void pointsNotSpentTwice() {
    Client c = buyer("KR", "ko");
    order(c, quote(c, STARFALL, 0), "card", "pm_card_visa", UUID.randomUUID().toString());
    long balance = c.get("/api/v1/me/points").json().getLong("balance");
    assertThat(balance).isPositive();
    JsonObject q1 = quote(c, 9_900_005L, balance);
    JsonObject q2 = quote(c, 9_900_007L, balance);
    List<Http.Response> answers = List.of(
            CompletableFuture.supplyAsync(() -> order(c, q1, "card", "pm_card_visa", UUID.randomUUID().toString())),
            CompletableFuture.supplyAsync(() -> order(c, q2, "card", "pm_card_visa", UUID.randomUUID().toString())))
        .stream().map(CompletableFuture::join).toList();
    assertThat(answers.stream().filter(a -> a.status() == 201).count()).as(answers.toString()).isEqualTo(1);
    assertThat(answers.stream().filter(a -> a.status() == 400).count()).isEqualTo(1);
    JsonObject points = c.get("/api/v1/me/points").json();
    assertThat(points.getJsonArray("items").stream().filter(r -> "spend".equals(((JsonObject) r).getString("kind")))
        .count()).isEqualTo(1);
    assertThat(points.getLong("balance")).isGreaterThanOrEqualTo(0);
  }
}
