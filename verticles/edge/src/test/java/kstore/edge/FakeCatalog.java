package kstore.edge;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import kstore.contracts.ErrorCode;
import kstore.contracts.Headers;
import kstore.contracts.ServiceError;
import kstore.contracts.catalog.CatalogAddresses;

/**
 * Stands in for the catalog on the event bus: records what the edge forwards (body and headers) and answers
 * fixed shapes, a chosen failure, nothing at all (timeout), or is not there (no handlers).
 */
final class FakeCatalog {
  /** One message the edge sent. */
  record Received(String address, JsonObject body, String requestId, String actor, String roles) {
  }

  static final List<String> ADDRESSES = List.of(CatalogAddresses.SEARCH, CatalogAddresses.GET,
      CatalogAddresses.SUGGEST, CatalogAddresses.HOME, CatalogAddresses.ADMIN_CREATE, CatalogAddresses.ADMIN_UPDATE,
      CatalogAddresses.ADMIN_AUDIT, CatalogAddresses.PING);

  private final Vertx vertx;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, Consumer<Message<JsonObject>>> behaviour = new HashMap<>();
  private final Map<String, MessageConsumer<JsonObject>> consumers = new HashMap<>();

  FakeCatalog(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Back to the default: every address registered, answering its fixed shape. */
  synchronized void reset() {
    received.clear();
    behaviour.clear();
    for (String address : ADDRESSES) {
      if (!consumers.containsKey(address)) {
        MessageConsumer<JsonObject> c = vertx.eventBus().consumer(address, msg -> handle(address, msg));
        TestStack.await(c.completion());
        consumers.put(address, c);
      }
    }
  }

  synchronized void answer(String address, JsonObject reply) {
    behaviour.put(address, msg -> msg.reply(reply));
  }

  synchronized void fail(String address, ErrorCode code, String message) {
    behaviour.put(address, msg -> msg.reply(ServiceError.of(code, message)));
  }

  synchronized void failWithRawCode(String address, int failureCode, String message) {
    behaviour.put(address, msg -> msg.fail(failureCode, message));
  }

  synchronized void replyWith(String address, Object body) {
    behaviour.put(address, msg -> msg.reply(body));
  }

  /** Takes the message and never answers: the edge's request times out. */
  synchronized void silence(String address) {
    behaviour.put(address, msg -> { });
  }

  /** Nobody listens on the address any more (NO_HANDLERS). */
  synchronized void remove(String address) {
    MessageConsumer<JsonObject> c = consumers.remove(address);
    if (c != null) {
      TestStack.await(c.unregister());
    }
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  List<Received> received(String address) {
    return received.stream().filter(r -> r.address().equals(address)).toList();
  }

  /** The only message sent to {@code address} so far. */
  Received only(String address) {
    List<Received> all = received(address);
    if (all.size() != 1) {
      throw new AssertionError("expected one message on " + address + ", got " + all);
    }
    return all.get(0);
  }

  private void handle(String address, Message<JsonObject> msg) {
    received.add(new Received(address, msg.body(), msg.headers().get(Headers.REQUEST_ID),
        msg.headers().get(Headers.ACTOR), msg.headers().get(Headers.ACTOR_ROLES)));
    Consumer<Message<JsonObject>> custom;
    synchronized (this) {
      custom = behaviour.get(address);
    }
    if (custom != null) {
      custom.accept(msg);
    } else {
      msg.reply(defaultReply(address, msg.body()));
    }
  }

  /** Fixed, contract-shaped answers that also echo what was asked. */
  static JsonObject defaultReply(String address, JsonObject request) {
    return switch (address) {
      case CatalogAddresses.SEARCH -> new JsonObject()
          .put("total", 1).put("page", request.getInteger("page")).put("size", request.getInteger("size"))
          .put("country", request.getString("country")).put("currency", "USD")
          .put("items", new JsonArray().add(game(request.getString("lang"))))
          .put("facets", new JsonObject().put("genre", new JsonArray()).put("tag", new JsonArray())
              .put("platform", new JsonArray()).put("priceBand", new JsonArray()));
      case CatalogAddresses.GET -> game(request.getString("lang"))
          .put("slug", request.getString("idOrSlug"))
          .put("availability", new JsonObject().put("purchasable", true));
      case CatalogAddresses.SUGGEST -> new JsonObject().put("suggestions", new JsonArray()
          .add(new JsonObject().put("id", 292030).put("slug", "the-witcher-3-wild-hunt")
              .put("title", "The Witcher 3: Wild Hunt")));
      case CatalogAddresses.HOME -> new JsonObject().put("newAndTrending", new JsonArray())
          .put("upcoming", new JsonArray()).put("onSale", new JsonArray());
      case CatalogAddresses.ADMIN_CREATE -> request.copy().put("id", 1001);
      case CatalogAddresses.ADMIN_UPDATE -> request.copy();
      case CatalogAddresses.ADMIN_AUDIT -> new JsonObject().put("items", new JsonArray());
      case CatalogAddresses.PING -> new JsonObject().put("ready", true);
      default -> new JsonObject();
    };
  }

  private static JsonObject game(String lang) {
    return new JsonObject().put("id", 292030).put("slug", "the-witcher-3-wild-hunt")
        .put("title", "ko".equals(lang) ? "위쳐 3: 와일드 헌트" : "The Witcher 3: Wild Hunt");
  }
}
