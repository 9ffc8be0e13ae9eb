package kstore.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import kstore.contracts.ClientAddresses;
import kstore.contracts.catalog.CatalogAddresses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Talks to the bridge as a browser would, over SockJS's raw WebSocket endpoint with the bridge's JSON frames. */
@DisplayName("The browser bridge reaches the client test addresses and nothing else")
class ClientBridgeTest {
  private TestStack stack;
  private WebSocketClient client;
  private WebSocket socket;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

  @BeforeEach
  void connect() {
    stack = TestStack.get();
    client = stack.vertx.createWebSocketClient();
    socket = TestStack.await(client.connect(stack.port, "127.0.0.1", "/eventbus/websocket"));
    // The bridge writes its frames as binary WebSocket messages: take data of either kind.
    socket.handler(data -> frames.add(data.toJsonObject()));
  }

  @AfterEach
  void close() {
    TestStack.await(socket.close());
    TestStack.await(client.close());
  }

  private void write(JsonObject frame) {
    TestStack.await(socket.writeTextMessage(frame.encode()));
  }

  /** The next frame that is not a heartbeat (heartbeats arrive whenever registered). */
  private JsonObject next() throws InterruptedException {
    while (true) {
      JsonObject frame = frames.poll(5, TimeUnit.SECONDS);
      assertThat(frame).as("a frame from the bridge within 5 s").isNotNull();
      if (!ClientAddresses.HEARTBEAT.equals(frame.getString("address"))) {
        return frame;
      }
    }
  }

  private void assertDenied(JsonObject frame) throws InterruptedException {
    write(frame);
    assertThat(next()).as(frame.encode()).isEqualTo(new JsonObject().put("type", "err").put("body", "access_denied"));
  }

  @Test
  @DisplayName("sending, publishing or registering on any service address is refused and reaches no service")
  void serviceAddressesRefused() throws InterruptedException {
    JsonObject search = new JsonObject().put("q", "witcher").put("lang", "en").put("country", "US");
    assertDenied(new JsonObject().put("type", "send").put("address", CatalogAddresses.SEARCH).put("body", search)
        .put("replyAddress", "r-1"));
    assertDenied(new JsonObject().put("type", "publish").put("address", CatalogAddresses.SEARCH).put("body", search));
    assertDenied(new JsonObject().put("type", "send").put("address", CatalogAddresses.ADMIN_CREATE)
        .put("body", AdminApiTest.newGame()).put("headers", new JsonObject().put("x-actor", "bootstrap-admin")
            .put("x-actor-roles", "admin")).put("replyAddress", "r-2"));
    assertDenied(new JsonObject().put("type", "register").put("address", CatalogAddresses.EVENTS_GAME_CHANGED));
    assertDenied(new JsonObject().put("type", "register").put("address", CatalogAddresses.SEARCH));
    assertDenied(new JsonObject().put("type", "publish").put("address", CatalogAddresses.EVENTS_GAME_CHANGED)
        .put("body", new JsonObject()));
    assertDenied(new JsonObject().put("type", "send").put("address", "client.in.ping.extra").put("body", new JsonObject()));
    assertDenied(new JsonObject().put("type", "send").put("address", "client.in.").put("body", new JsonObject()));

    // The pong proves the socket is still served and that the refused frames before it went nowhere.
    write(new JsonObject().put("type", "send").put("address", ClientAddresses.PING).put("body", new JsonObject())
        .put("replyAddress", "r-3"));
    assertThat(next().getString("address")).isEqualTo("r-3");
    assertThat(stack.catalog.received()).isEmpty();
  }

  @Test
  @DisplayName("inbound and outbound never overlap: a browser cannot send to the heartbeat nor listen to pings")
  void directionsDoNotOverlap() throws InterruptedException {
    assertDenied(new JsonObject().put("type", "send").put("address", ClientAddresses.HEARTBEAT)
        .put("body", new JsonObject().put("at", "forged")));
    assertDenied(new JsonObject().put("type", "publish").put("address", ClientAddresses.HEARTBEAT)
        .put("body", new JsonObject().put("at", "forged")));
    assertDenied(new JsonObject().put("type", "register").put("address", ClientAddresses.PING));
    assertThat(ClientBridge.INBOUND).doesNotContainAnyElementsOf(ClientBridge.OUTBOUND);
    assertThat(ClientBridge.INBOUND).allMatch(a -> a.startsWith(ClientAddresses.INBOUND_PREFIX));
    assertThat(ClientBridge.OUTBOUND).allMatch(a -> a.startsWith(ClientAddresses.OUTBOUND_PREFIX));
  }

  @Test
  @DisplayName("a ping gets a pong with the time")
  void ping() throws InterruptedException {
    write(new JsonObject().put("type", "send").put("address", ClientAddresses.PING).put("body", new JsonObject())
        .put("replyAddress", "reply-1"));

    JsonObject reply = next();
    assertThat(reply.getString("type")).isEqualTo("rec");
    assertThat(reply.getString("address")).isEqualTo("reply-1");
    assertThat(reply.getJsonObject("body").getBoolean("pong")).isTrue();
    assertThat(reply.getJsonObject("body").getString("at")).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
  }

  @Test
  @DisplayName("a browser may listen to the heartbeat and receives one")
  void heartbeat() throws InterruptedException {
    write(new JsonObject().put("type", "register").put("address", ClientAddresses.HEARTBEAT));

    JsonObject frame = frames.poll(5, TimeUnit.SECONDS);
    assertThat(frame).isNotNull();
    assertThat(frame.getString("type")).isEqualTo("rec");
    assertThat(frame.getString("address")).isEqualTo(ClientAddresses.HEARTBEAT);
    assertThat(frame.getJsonObject("body").getString("at")).isNotBlank();
  }
}
