package kstore.checkout.payments;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuing country of card payment methods ({@code GET /v1/payment_methods/{id}}, Stripe's {@code card.country}),
 * read once per card: a card's issuer never changes, so answers are kept, the most recently used
 * {@value #CACHE_SIZE} of them.
 */
final class CardIssuers {
  private static final Logger LOG = LoggerFactory.getLogger(CardIssuers.class);
  /** How many cards' countries are kept (least recently used dropped first). */
  static final int CACHE_SIZE = 10_000;
  /** How long the lookup may take; short, since a sale waits on it and it fails open. */
  static final long LOOKUP_TIMEOUT_MS = 3_000;
  // the instrument comes from the buyer: only provider-shaped ids go into the path (no '/', '?', '..')
  private static final Pattern PAYMENT_METHOD_ID = Pattern.compile("[A-Za-z0-9_]{1,255}");

  private final ProviderApi api;
  private final Map<String, String> countries;

  CardIssuers(ProviderApi api, int cacheSize) {
    this.api = api;
    this.countries = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > cacheSize;
      }
    });
  }

  /**
   * The upper-case ISO 3166-1 alpha-2 country of the card's issuer, or null when it is not known: the provider did not
   * answer in time or failed, does not know the payment method, or it is no card. Never a failed Future.
   */
  Future<String> country(String paymentMethodId) {
    if (paymentMethodId == null || !PAYMENT_METHOD_ID.matcher(paymentMethodId).matches()) {
      return Future.succeededFuture(null);   // the provider refuses such an id when the intent is created
    }
    String cached = countries.get(paymentMethodId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return api.get("/v1/payment_methods/" + paymentMethodId, LOOKUP_TIMEOUT_MS).transform(ar -> {
      if (ar.failed()) {
        LOG.warn("payment provider '{}': the issuing country of {} is unknown ({}: {}); charging without the check",
            api.endpoint().name(), paymentMethodId, ProviderApi.transportCode(ar.cause()), ar.cause().getMessage());
        return Future.succeededFuture(null);
      }
      ProviderApi.Reply r = ar.result();
      if (!r.ok()) {
        if (r.status() == 404) {
          LOG.debug("payment provider '{}' does not know payment method {}", api.endpoint().name(), paymentMethodId);
        } else {
          LOG.warn("payment provider '{}': the issuing country of {} is unknown (HTTP {}: {}); charging without the "
              + "check", api.endpoint().name(), paymentMethodId, r.status(), r.errorMessage());
        }
        return Future.succeededFuture(null);
      }
      String country = issuerCountry(r.body());
      if (country != null) {
        countries.put(paymentMethodId, country);
      }
      return Future.succeededFuture(country);
    });
  }

  private static String issuerCountry(JsonObject paymentMethod) {
    Object card = paymentMethod.getValue("card");
    if (!(card instanceof JsonObject c) || !(c.getValue("country") instanceof String country)
        || !country.matches("[A-Za-z]{2}")) {
      return null;
    }
    return country.toUpperCase(java.util.Locale.ROOT);
  }
}
