package kstore.edge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import kstore.contracts.ClientAddresses;
import kstore.contracts.identity.IdentityAddresses;

/**
 * The browser's window onto the event bus, at {@code /eventbus}: browsers may send only to exact
 * {@code client.in.*} addresses and listen only to exact {@code client.out.*} addresses listed here; every other
 * address (every service's) is refused, except each signed-in user's own inbox ({@code client.out.user.<id>}). Inbound and outbound lists never share an address, and headers a
 * browser attaches (it could claim any actor) are dropped before anything reaches the bus.
 */
final class ClientBridge {
  /** Browser → server, exact addresses only. */
  static final List<String> INBOUND = List.of(ClientAddresses.PING);
  /** Server → browser, exact addresses only. */
  static final List<String> OUTBOUND = List.of(ClientAddresses.HEARTBEAT);

  private static final String SLOTS = "kstore.edge.slots";
  private static final String HEARTBEAT_SLOT = "heartbeat";

  /** Server → browser, one per signed-in user: only sockets of that user's session may listen. */
  static final String USER_INBOX_REGEX = java.util.regex.Pattern.quote(IdentityAddresses.USER_INBOX_PREFIX)
      + "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private final Vertx vertx;
  private final long heartbeatMs;
  private final long timeoutMs;
  private final String instanceId = UUID.randomUUID().toString();
  private MessageConsumer<Object> ping;
  private long heartbeatTimer = -1;

  ClientBridge(Vertx vertx, long heartbeatMs, long timeoutMs) {
    this.vertx = vertx;
    this.heartbeatMs = heartbeatMs;
    this.timeoutMs = timeoutMs;
  }

  /** Checks the lists, answers pings and starts the heartbeat. */
  Future<Void> start() {
    for (String in : INBOUND) {
      if (!in.startsWith(ClientAddresses.INBOUND_PREFIX) || OUTBOUND.contains(in)) {
        throw new IllegalStateException("inbound bridge address " + in + " must be under "
            + ClientAddresses.INBOUND_PREFIX + " and not outbound");
      }
    }
    for (String out : OUTBOUND) {
      if (!out.startsWith(ClientAddresses.OUTBOUND_PREFIX)) {
        throw new IllegalStateException("outbound bridge address " + out + " must be under "
            + ClientAddresses.OUTBOUND_PREFIX);
      }
    }
    // Local: the browser's bridge is on this node, so is the answer; no cluster hop.
    ping = vertx.eventBus().localConsumer(ClientAddresses.PING,
        msg -> msg.reply(new JsonObject().put("pong", true).put("at", Instant.now().toString())));
    heartbeatTimer = vertx.setPeriodic(heartbeatMs, id -> beat());
    return ping.completion();
  }

  /**
   * One heartbeat per node and period: only the edge instance holding the node's heartbeat slot publishes (another
   * takes the slot over when it stops), and only locally, so each node's browsers hear their own node once.
   */
  private void beat() {
    LocalMap<String, String> slots = vertx.sharedData().getLocalMap(SLOTS);
    String holder = slots.putIfAbsent(HEARTBEAT_SLOT, instanceId);
    if (holder == null || holder.equals(instanceId)) {
      vertx.eventBus().publish(ClientAddresses.HEARTBEAT, new JsonObject().put("at", Instant.now().toString()),
          new DeliveryOptions().setLocalOnly(true));
    }
  }

  Future<Void> stop() {
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
      vertx.sharedData().<String, String>getLocalMap(SLOTS).removeIfPresent(HEARTBEAT_SLOT, instanceId);
    }
    return ping == null ? Future.succeededFuture() : ping.unregister();
  }

  /** The SockJS router to mount at {@code /eventbus/*}. */
  Router router() {
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .setMaxAddressLength(64)
        .setMaxHandlersPerSocket(16);
    INBOUND.forEach(a -> options.addInboundPermitted(new PermittedOptions().setAddress(a)));
    OUTBOUND.forEach(a -> options.addOutboundPermitted(new PermittedOptions().setAddress(a)));
    options.addOutboundPermitted(new PermittedOptions().setAddressRegex(USER_INBOX_REGEX));
    SockJSHandlerOptions sockJs = new SockJSHandlerOptions().setRegisterWriteHandler(false);
    return SockJSHandler.create(vertx, sockJs).bridge(options, this::screen);
  }

  /**
   * Drops browser-supplied headers from everything a browser sends, and lets a socket listen to a user's inbox only
   * when the session cookie of its handshake belongs to that user (checked by the identity service).
   */
  private void screen(BridgeEvent event) {
    BridgeEventType type = event.type();
    if ((type == BridgeEventType.SEND || type == BridgeEventType.PUBLISH) && event.getRawMessage() != null) {
      JsonObject raw = event.getRawMessage().copy();
      raw.remove("headers");
      event.setRawMessage(raw);
    }
    if (type == BridgeEventType.REGISTER && event.getRawMessage() != null) {
      String address = event.getRawMessage().getString("address", "");
      if (address.startsWith(IdentityAddresses.USER_INBOX_PREFIX)) {
        // SockJS strips Cookie from the socket's headers; the handshake request still has it
        io.vertx.ext.web.RoutingContext handshake = event.socket().routingContext();
        String session = sessionCookie(handshake == null ? null : handshake.request().getHeader("Cookie"));
        if (session == null) {
          event.complete(false);
          return;
        }
        vertx.eventBus().<JsonObject>request(IdentityAddresses.AUTHENTICATE,
                new JsonObject().put("sessionToken", session), new DeliveryOptions().setSendTimeout(timeoutMs))
            .onComplete(done -> event.complete(done.succeeded() && address.equals(
                IdentityAddresses.userInbox(done.result().body().getString("userId")))));
        return;
      }
    }
    event.complete(true);
  }

  private static String sessionCookie(String header) {
    if (header == null) {
      return null;
    }
    for (io.netty.handler.codec.http.cookie.Cookie c : io.netty.handler.codec.http.cookie.ServerCookieDecoder.LAX
        .decode(header)) {
      if (Authentication.COOKIE.equals(c.name()) && !c.value().isBlank()) {
        return c.value();
      }
    }
    return null;
  }
}
