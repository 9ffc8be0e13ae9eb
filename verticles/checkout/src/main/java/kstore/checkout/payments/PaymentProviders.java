package kstore.checkout.payments;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;
import kstore.platform.Regions;

/**
 * The provider of every usable payment method, each bound to its endpoint, sharing one HTTP client. Create one per
 * verticle instance in {@code start()} and {@link #close()} it in {@code stop()}.
 */
public final class PaymentProviders implements AutoCloseable {
  private final WebClient client;
  private final Map<String, PaymentProvider> byMethod;
  private final Map<String, ProviderEndpoint> endpoints;

  private PaymentProviders(WebClient client, Map<String, PaymentProvider> byMethod,
                           Map<String, ProviderEndpoint> endpoints) {
    this.client = client;
    this.byMethod = Map.copyOf(byMethod);
    this.endpoints = Map.copyOf(endpoints);
  }

  /**
   * Adapters for every method of {@code methods}, with endpoints from {@code config}; card adapters refuse cards
   * issued where {@code regions} says the service is unavailable. Fails fast when a method that takes whole units
   * only is offered where {@code regions} does not charge whole units.
   */
  public static PaymentProviders create(Vertx vertx, PaymentsConfig config, PaymentMethods methods,
                                        Regions regions) {
    methods.requireWholeUnitCurrencies(regions);
    WebClient client = WebClient.create(vertx, new WebClientOptions().setUserAgent("kstore-checkout")
        .setFollowRedirects(false).setKeepAlive(true));
    Map<String, PaymentProvider> byMethod = new LinkedHashMap<>();
    Map<String, ProviderEndpoint> endpoints = new LinkedHashMap<>();
    for (PaymentMethod m : methods.all()) {
      ProviderEndpoint endpoint = config.endpoint(m.provider()).orElseThrow(() -> new IllegalStateException(
          "payment method '" + m.id() + "': provider '" + m.provider() + "' has no endpoint"));
      endpoints.put(m.provider(), endpoint);
      ProviderApi api = new ProviderApi(client, endpoint);
      byMethod.put(m.id(), switch (m.adapter()) {
        case PaymentMethod.CARDS -> new CardPaymentIntents(m, api, config.cardCapture(),
            new CardIssuers(api, CardIssuers.CACHE_SIZE), regions);
        case PaymentMethod.WALLETS -> new RedirectWallets(m, api, regions);
        case PaymentMethod.VOUCHERS -> new Vouchers(m, api);
        default -> throw new IllegalArgumentException("payment method '" + m.id() + "': unknown adapter " + m.adapter());
      });
    }
    return new PaymentProviders(client, byMethod, endpoints);
  }

  /** The provider of a method; a method that is not usable fails with VALIDATION (route with {@link PaymentMethods#require} first). */
  public PaymentProvider forMethod(String methodId) {
    PaymentProvider p = byMethod.get(methodId);
    if (p == null) {
      throw ServiceError.of(ErrorCode.VALIDATION, "payment method '" + methodId + "' is not available");
    }
    return p;
  }

  /** The card provider, for manual capture and voiding authorizations. */
  public CardPaymentIntents cards(String methodId) {
    if (!(forMethod(methodId) instanceof CardPaymentIntents cards)) {
      throw ServiceError.of(ErrorCode.VALIDATION, "payment method '" + methodId + "' is not a card method");
    }
    return cards;
  }

  /** The distinct endpoints in use, e.g. to register our webhook URL at each ({@link #webhookEndpoints}). */
  public Collection<ProviderEndpoint> endpoints() {
    Map<String, ProviderEndpoint> byUrl = new LinkedHashMap<>();
    endpoints.values().forEach(e -> byUrl.putIfAbsent(e.url() + " " + e.secretKey(), e));
    return List.copyOf(byUrl.values());
  }

  /** Webhook registration at one endpoint. */
  public WebhookEndpoints webhookEndpoints(ProviderEndpoint endpoint) {
    return new WebhookEndpoints(new ProviderApi(client, endpoint));
  }

  @Override
  public void close() {
    client.close();
  }
}
