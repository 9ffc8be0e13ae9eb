package kstore.checkout.payments;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * One payment method of the catalog in {@code conf/payments.json}.
 *
 * @param id                lower-case id used in the API and stored with payments ({@code card}, {@code kakaopay}, …)
 * @param kind              card, wallet, voucher or bank
 * @param adapter           which protocol runs it: {@code cards}, {@code wallets} or {@code vouchers}
 * @param provider          whose URL and secret key it uses ({@code payments.providers.<provider>})
 * @param names             display name per language ({@code en}, {@code ko}, {@code ja}, {@code zh})
 * @param refund            automatic through the provider, or manual (bank transfer)
 * @param expiresInSeconds  vouchers: how long the buyer has to pay; 0 for other kinds
 * @param wholeUnits        the provider takes whole units of the currency only (M-Pesa: whole shillings); the adapter
 *                          never sends an amount with a fraction of a unit
 */
public record PaymentMethod(String id, MethodKind kind, String adapter, String provider, Map<String, String> names,
                            RefundMode refund, long expiresInSeconds, boolean wholeUnits) {

  /** Adapter names in config. */
  public static final String CARDS = "cards";
  public static final String WALLETS = "wallets";
  public static final String VOUCHERS = "vouchers";

  public PaymentMethod {
    names = Map.copyOf(names);
  }

  /** The name in this language, else English, else the id. */
  public String name(String lang) {
    String n = lang == null ? null : names.get(lang);
    return n != null ? n : names.getOrDefault("en", id);
  }

  /** What a buyer's client is shown: id, kind, names, refund mode (and voucher expiry). */
  public JsonObject toJson() {
    JsonObject names = new JsonObject();
    this.names.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> names.put(e.getKey(), e.getValue()));
    JsonObject json = new JsonObject().put("id", id).put("kind", kind.json()).put("names", names)
        .put("refund", refund.json());
    if (kind == MethodKind.VOUCHER) {
      json.put("expiresInSeconds", expiresInSeconds);
    }
    return json;
  }
}
