package kstore.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The payment sandbox of the dev stack")
class PaymentSandboxStackTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> pay(JsonObject sandbox, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.getString("url") + "/v1/payment_intents"))
            .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("amount", 5000).put("currency", "krw")
                .put("payment_method", "pm_card_visa").put("confirm", true).encode()));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("runs in the shared stack: config names its URL and secret key, which takes a card payment")
    void sharedStackExposesIt() throws Exception {
        JsonObject sandbox = DevStack.shared().config().getJsonObject("payments").getJsonObject("sandbox");
        assertThat(sandbox.fieldNames()).containsExactlyInAnyOrder("url", "secretKey");
        assertThat(sandbox.getString("url")).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(sandbox.getString("secretKey")).startsWith("sk_test_").hasSizeGreaterThanOrEqualTo(30);

        HttpResponse<String> paid = pay(sandbox, sandbox.getString("secretKey"));
        assertThat(paid.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(paid.body()).getString("status")).isEqualTo("succeeded");
        assertThat(pay(sandbox, null).statusCode()).as("no key").isEqualTo(401);
    }

    @Test
    @DisplayName("on a data dir: a second start attaches to it, and a restart keeps its port and secret key")
    void attachesAndPersists(@TempDir Path dir) throws Exception {
        DevStack.Options options = new DevStack.Options(dir, false, false, false, false, false, true); // in-JVM only
        JsonObject first;
        try (DevStack owner = DevStack.start(options)) {
            first = owner.config();
            assertThat(first.fieldNames()).containsExactly("payments");
            DevStack second = DevStack.start(options);
            assertThat(second.owner()).isFalse();
            assertThat(second.config()).isEqualTo(first);
            second.close();
            JsonObject sandbox = first.getJsonObject("payments").getJsonObject("sandbox");
            assertThat(pay(sandbox, sandbox.getString("secretKey")).statusCode())
                .as("an attached instance's close stops nothing").isEqualTo(200);
            assertThat(Files.readString(dir.resolve("stack.json"))).contains("\"payments\"");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("payment-sandbox.secret"))))
                .isEqualTo("rw-------");
        }
        try (DevStack again = DevStack.start(options)) {
            assertThat(again.owner()).isTrue();
            assertThat(again.config()).as("same port, same secret key").isEqualTo(first);
        }
    }

    @Test
    @DisplayName("is off with the older Options constructors")
    void offByDefaultInOldConstructors() {
        assertThat(new DevStack.Options(null, true, true, true).payments()).isFalse();
        assertThat(new DevStack.Options(null, true, true, true, true, true).payments()).isFalse();
        assertThat(DevStack.Options.ephemeral().payments()).isTrue();
        assertThat(DevStack.Options.persistent(Path.of("data")).payments()).isTrue();
    }
}
