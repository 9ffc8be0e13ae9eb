package kstore.checkout.orders;

import static kstore.checkout.orders.CheckoutStack.buyer;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import kstore.checkout.orders.CatalogStandIn.KenyanPrice;
import kstore.checkout.orders.CheckoutStack.Buyer;
import kstore.checkout.orders.CheckoutStack.SandboxReply;
import kstore.contracts.checkout.CheckoutAddresses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * M-Pesa takes whole shillings only ({@code wholeUnits} on KES in conf/regions.json and on the mpesa method in
 * conf/payments.json), on the real checkout verticle, PostgreSQL and payment sandbox: a Kenyan buyer's sale price, the
 * points they spend, the quote, the M-Pesa payment the sandbox takes, the order and the points ledger are all whole
 * shillings. The catalog is the stand-in showing what the catalog shows in Kenya (KSh 849 at 20% off: KSh 679.00).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A Kenyan buyer pays whole shillings through M-Pesa")
class WholeShillingsTest {
  /** KSh 849 at 20% off: KSh 679.20 to the cent, shown and charged as KSh 679.00. */
  private static final KenyanPrice SALE = new KenyanPrice(84_900, 20, 67_900);

  private CheckoutStack stack;

  @BeforeAll
  void start() {
    stack = new CheckoutStack(1);
  }

  @AfterAll
  void stop() {
    stack.close();
  }

  private JsonObject quote(Buyer buyer, long game, long points) {
    return stack.request(CheckoutAddresses.QUOTE, new JsonObject().put("items", new JsonArray().add(game))
        .put("points", points), buyer);
  }

  /** The buyer approves on the sandbox's M-Pesa page and comes back with its pg_token: the order as confirmed. */
  private JsonObject approveOnMpesa(Buyer buyer, JsonObject placed) {
    assertThat(placed.getString("status")).as(placed.encode()).isEqualTo("requires_action");
    String back = stack.location(placed.getString("nextActionUrl") + "?auto=approve");
    Map<String, String> query = java.util.Arrays.stream(URI.create(back).getRawQuery().split("&"))
        .map(p -> p.split("=", 2)).collect(Collectors.toMap(p -> p[0], p -> p[1]));
    return stack.confirm(buyer, placed.getString("id"), new JsonObject().put("pg_token", query.get("pg_token")));
  }

  /** The M-Pesa payment as the sandbox holds it. */
  private JsonObject mpesaPayment(String orderId) {
    String tid = stack.row("SELECT provider_ref FROM checkout.orders WHERE id = $1", UUID.fromString(orderId))
        .getString("provider_ref");
    SandboxReply payment = stack.sandbox("GET", "/v1/wallets/mpesa/payments/" + tid, null, null);
    assertThat(payment.status()).isEqualTo(200);
    return payment.body();
  }

  private List<Row> ledger(Buyer buyer) {
    return stack.rows("SELECT kind, delta FROM checkout.points_ledger WHERE user_id = $1 ORDER BY id",
        buyer.id());
  }

  @Test
  @DisplayName("a 20% sale on KSh 849 is quoted, paid through M-Pesa, stored and earns points as KSh 679.00; points "
      + "spent next are whole shillings too")
  void saleAndPointsInWholeShillings() {
    Buyer buyer = buyer("KE");
    long game = stack.catalog.gameInKenya("Savanna Rally", SALE);

    JsonObject q = quote(buyer, game, 0);
    assertThat(q.getString("currency")).isEqualTo("KES");
    JsonObject line = q.getJsonArray("items").getJsonObject(0);
    assertThat(line.getLong("list")).isEqualTo(84_900L);
    assertThat(line.getInteger("discountPercent")).isEqualTo(20);
    assertThat(line.getLong("amount")).isEqualTo(67_900L);
    assertThat(q.getLong("discount")).isEqualTo(17_000L);
    assertThat(q.getLong("total")).isEqualTo(67_900L);
    assertThat(q.getBoolean("taxIncluded")).isTrue();
    assertThat(q.getLong("minorUnitsPerPoint")).as("a KE point is KSh 1").isEqualTo(100L);

    JsonObject placed = stack.place(buyer, q, "mpesa", "wallet_ok");
    assertThat(placed.getLong("total")).isEqualTo(67_900L);
    JsonObject ready = mpesaPayment(placed.getString("id"));
    assertThat(ready.getLong("amount")).as("what M-Pesa was asked for").isEqualTo(67_900L);
    assertThat(ready.getString("currency")).isEqualTo("kes");

    JsonObject paid = approveOnMpesa(buyer, placed);
    assertThat(paid.getString("status")).as(paid.encode()).isEqualTo("paid");
    assertThat(paid.getLong("total")).isEqualTo(67_900L);
    assertThat(paid.getString("currency")).isEqualTo("KES");
    assertThat(mpesaPayment(placed.getString("id")).getString("status")).isEqualTo("approved");
    Row stored = stack.row("SELECT subtotal, discount, total, points_earned FROM checkout.orders WHERE id = $1",
        UUID.fromString(placed.getString("id")));
    assertThat(stored.getLong("subtotal")).isEqualTo(84_900L);
    assertThat(stored.getLong("discount")).isEqualTo(17_000L);
    assertThat(stored.getLong("total")).isEqualTo(67_900L);
    assertThat(stored.getLong("points_earned")).as("1% of KSh 679 in KSh 1 points").isEqualTo(6L);
    assertThat(stack.row("SELECT price FROM checkout.order_items WHERE order_id = $1",
        UUID.fromString(placed.getString("id"))).getLong("price")).isEqualTo(67_900L);

    // the points earned pay for part of the next sale: KSh 6, so the total stays whole
    long second = stack.catalog.gameInKenya("Rift Valley Racers", SALE);
    JsonObject withPoints = quote(buyer, second, 6);
    assertThat(withPoints.getLong("pointsValue")).isEqualTo(600L);
    assertThat(withPoints.getLong("total")).isEqualTo(67_300L);
    JsonObject paidWithPoints = approveOnMpesa(buyer, stack.place(buyer, withPoints, "mpesa", "wallet_ok"));
    assertThat(paidWithPoints.getString("status")).as(paidWithPoints.encode()).isEqualTo("paid");
    assertThat(paidWithPoints.getLong("total")).isEqualTo(67_300L);
    assertThat(mpesaPayment(paidWithPoints.getString("id")).getLong("amount")).isEqualTo(67_300L);

    assertThat(ledger(buyer)).extracting(r -> r.getString("kind") + " " + r.getLong("delta"))
        .containsExactlyInAnyOrder("earn 6", "spend -6", "earn 6");
    assertThat(stack.count("SELECT count(*) FROM checkout.orders WHERE user_id = $1 AND total % 100 <> 0",
        buyer.id())).as("no order of the buyer has cents").isZero();
  }

  @Test
  @DisplayName("a catalog answer with cents (a node on older config) is quoted and charged rounded down, never more")
  void centsFromTheCatalogAreRoundedDown() {
    Buyer buyer = buyer("KE");
    long game = stack.catalog.gameInKenya("Maasai Mara Drive", new KenyanPrice(84_900, 20, 67_920));

    JsonObject q = quote(buyer, game, 0);
    assertThat(q.getJsonArray("items").getJsonObject(0).getLong("amount")).isEqualTo(67_900L);
    assertThat(q.getLong("total")).isEqualTo(67_900L);
    JsonObject paid = approveOnMpesa(buyer, stack.place(buyer, q, "mpesa", "wallet_ok"));
    assertThat(paid.getString("status")).as(paid.encode()).isEqualTo("paid");
    assertThat(mpesaPayment(paid.getString("id")).getLong("amount")).isEqualTo(67_900L);
  }
}
