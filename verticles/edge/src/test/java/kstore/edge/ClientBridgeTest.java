package kstore.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import kstore.contracts.ClientAddresses;
import kstore.contracts.catalog.CatalogAddresses;
import kstore.contracts.identity.IdentityAddresses;
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
    // internal announcements: a browser may neither flush the edges' principal caches nor learn who changed
    assertDenied(new JsonObject().put("type", "publish").put("address", IdentityAddresses.EVENTS_PRINCIPAL_CHANGED)
        .put("body", new JsonObject().put("data", new JsonObject().put("userId", UUID.randomUUID().toString()))));
    assertDenied(new JsonObject().put("type", "register").put("address", IdentityAddresses.EVENTS_PRINCIPAL_CHANGED));
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

  @Test
  @DisplayName("a signed-in user's socket may listen to their own inbox only; anonymous sockets to none")
  void userInbox() throws InterruptedException {
    String mine = kstore.contracts.identity.IdentityAddresses.userInbox("00000000-0000-0000-0000-00000000000b");
    String theirs = kstore.contracts.identity.IdentityAddresses.userInbox("00000000-0000-0000-0000-00000000000a");
    write(new JsonObject().put("type", "register").put("address", mine));
    assertThat(next().getString("type")).as("anonymous: refused").isEqualTo("err");

    WebSocket signedIn = TestStack.await(client.connect(new io.vertx.core.http.WebSocketConnectOptions()
        .setPort(stack.port).setHost("127.0.0.1").setURI("/eventbus/websocket")
        .addHeader("Cookie", "kstore_session=" + FakeIdentity.PLAYER_SESSION)));
    BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    signedIn.handler(data -> received.add(data.toJsonObject()));
    try {
      TestStack.await(signedIn.writeTextMessage(new JsonObject().put("type", "register").put("address", theirs).encode()));
      JsonObject refused = received.poll(5, TimeUnit.SECONDS);
      assertThat(refused).isNotNull();
      assertThat(refused.getString("type")).as("another user's inbox: refused").isEqualTo("err");
      TestStack.await(signedIn.writeTextMessage(new JsonObject().put("type", "register").put("address", mine).encode()));
      JsonObject rec = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (rec == null && System.nanoTime() < deadline) {
        stack.vertx.eventBus().publish(mine, new JsonObject().put("kind", "friend.request"));
        JsonObject frame = received.poll(100, TimeUnit.MILLISECONDS);
        if (frame != null && mine.equals(frame.getString("address"))) {
          rec = frame;
        }
      }
      assertThat(rec).as("the user's own notification arrives").isNotNull();
      assertThat(rec.getJsonObject("body").getString("kind")).isEqualTo("friend.request");
    } finally {
      TestStack.await(signedIn.close());
    }
  }
}
