package kstore.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration tree: defaults, extra files, environment, --set overrides (later wins). */
class StoreConfigTest {

  @TempDir
  Path dir;

  private Path file(String name, String json) throws IOException {
    return Files.writeString(dir.resolve(name), json, StandardCharsets.UTF_8);
  }

  private static JsonObject defaults() {
    return StoreConfig.load(List.of(), Map.of(), Map.of());
  }

  @Test
  @DisplayName("the defaults come from conf/kstore.json under the store home")
  void defaultsFromConfFile() {
    assertThat(StoreConfig.home().resolve("conf/kstore.json")).isRegularFile();

    JsonObject conf = defaults();

    assertThat(conf.getJsonObject("http").getInteger("port")).isEqualTo(8080);
    assertThat(conf.getJsonObject("cluster").getString("name")).isEqualTo("kstore");
    assertThat(conf.getJsonObject("pg").getString("database")).isEqualTo("kstore");
    assertThat(conf.getJsonObject("pg").containsKey("password")).as("no secrets in the defaults").isFalse();
  }

  @Test
  @DisplayName("an extra --conf file deep-merges: replaced leaves change, sibling keys stay")
  void extraFileDeepMerges() throws IOException {
    Path extra = file("extra.json", """
        {"http": {"port": 8443, "tls": true}, "pg": {"host": "db.internal"}, "extra": {"a": [1, 2]}}
        """);

    JsonObject conf = StoreConfig.load(List.of(extra), Map.of(), Map.of());

    JsonObject http = conf.getJsonObject("http");
    assertThat(http.getInteger("port")).isEqualTo(8443);
    assertThat(http.getBoolean("tls")).isTrue();
    assertThat(http.getString("host")).as("sibling kept").isEqualTo("0.0.0.0");
    assertThat(http.getInteger("maxBodyBytes")).as("sibling kept").isEqualTo(1_048_576);
    assertThat(conf.getJsonObject("pg").getString("host")).isEqualTo("db.internal");
    assertThat(conf.getJsonObject("pg").getString("database")).isEqualTo("kstore");
    assertThat(conf.getJsonObject("extra").getJsonArray("a")).isEqualTo(new JsonArray().add(1).add(2));
    assertThat(conf.getJsonObject("catalog").getJsonObject("seed").getBoolean("enabled"))
        .as("untouched sections stay").isTrue();
  }

  @Test
  @DisplayName("of several --conf files the later one wins")
  void laterFileWins() throws IOException {
    Path first = file("first.json", "{\"http\": {\"port\": 1111, \"host\": \"10.0.0.1\"}}");
    Path second = file("second.json", "{\"http\": {\"port\": 2222}}");

    JsonObject http = StoreConfig.load(List.of(first, second), Map.of(), Map.of()).getJsonObject("http");

    assertThat(http.getInteger("port")).isEqualTo(2222);
    assertThat(http.getString("host")).isEqualTo("10.0.0.1");
  }

  @Test
  @DisplayName("an environment variable lands at its config path, a number typed as a number")
  void environmentTyped() {
    JsonObject conf = StoreConfig.load(List.of(), Map.of(
        "KSTORE_HTTP_PORT", "9090",
        "KSTORE_PG_HOST", "pg.example",
        "KSTORE_KAFKA_BOOTSTRAP", "k1:9092,k2:9092"), Map.of());

    assertThat(conf.getJsonObject("http").getValue("port")).isInstanceOf(Number.class);
    assertThat(conf.getJsonObject("http").getInteger("port")).isEqualTo(9090);
    assertThat(conf.getJsonObject("http").getString("host")).as("sibling kept").isEqualTo("0.0.0.0");
    assertThat(conf.getJsonObject("pg").getString("host")).isEqualTo("pg.example");
    assertThat(conf.getJsonObject("pg").getString("user")).as("sibling kept").isEqualTo("kstore");
    assertThat(KafkaConfig.from(conf).bootstrap()).isEqualTo("k1:9092,k2:9092");
  }

  @Test
  @DisplayName("environment variables not in the map, and blank ones, change nothing")
  void unknownAndBlankEnvironmentIgnored() {
    JsonObject conf = StoreConfig.load(List.of(), Map.of(
        "KSTORE_HTTP_PORT", "  ",
        "HTTP_PORT", "1",
        "KSTORE_HTTP_HOST", "1.2.3.4"), Map.of());

    assertThat(conf).isEqualTo(defaults());
  }

  @Test
  @DisplayName("KSTORE_CONFIG_JSON deep-merges after the single environment variables")
  void configJsonMerges() {
    JsonObject conf = StoreConfig.load(List.of(), Map.of(
        "KSTORE_PG_HOST", "from-variable",
        "KSTORE_PG_PORT", "6543",
        "KSTORE_CONFIG_JSON", "{\"pg\": {\"host\": \"from-json\", \"poolSize\": 3}, \"edge\": {\"countryHeader\": \"CF-IPCountry\"}}"),
        Map.of());

    PgConfig pg = PgConfig.from(conf);
    assertThat(pg.host()).isEqualTo("from-json");
    assertThat(pg.port()).as("variable kept").isEqualTo(6543);
    assertThat(pg.poolSize()).isEqualTo(3);
    assertThat(pg.database()).as("default kept").isEqualTo("kstore");
    assertThat(conf.getJsonObject("edge").getString("countryHeader")).isEqualTo("CF-IPCountry");
    assertThat(conf.getJsonObject("edge").getInteger("requestTimeoutMs")).isEqualTo(5000);
  }

  @Test
  @DisplayName("--set overrides win over files, environment variables and KSTORE_CONFIG_JSON")
  void overridesWin() throws IOException {
    Path extra = file("extra.json", "{\"http\": {\"port\": 1111}}");

    JsonObject conf = StoreConfig.load(List.of(extra),
        Map.of("KSTORE_HTTP_PORT", "9090", "KSTORE_CONFIG_JSON", "{\"pg\": {\"host\": \"json\"}}"),
        Map.of("http.port", "7070", "pg.host", "cli", "new.deep.flag", "true"));

    assertThat(conf.getJsonObject("http").getValue("port")).isInstanceOf(Number.class);
    assertThat(conf.getJsonObject("http").getInteger("port")).isEqualTo(7070);
    assertThat(conf.getJsonObject("pg").getString("host")).isEqualTo("cli");
    assertThat(conf.getJsonObject("new").getJsonObject("deep").getValue("flag")).isEqualTo(true);
  }

  @Test
  @DisplayName("set types booleans, numbers, JSON objects and arrays, and keeps other text as text")
  void setTypesValues() {
    JsonObject conf = new JsonObject();

    StoreConfig.set(conf, "a.flag", "false");
    StoreConfig.set(conf, "a.n", "-42");
    StoreConfig.set(conf, "a.obj", "{\"x\": 1}");
    StoreConfig.set(conf, "a.list", "[\"m1\", \"m2\"]");
    StoreConfig.set(conf, "a.text", " kstore-node-1 ");
    StoreConfig.set(conf, "a.huge", "1234567890123456789012");

    JsonObject a = conf.getJsonObject("a");
    assertThat(a.getValue("flag")).isEqualTo(false);
    assertThat(a.getLong("n")).isEqualTo(-42L);
    assertThat(a.getJsonObject("obj")).isEqualTo(new JsonObject().put("x", 1));
    assertThat(a.getJsonArray("list")).isEqualTo(new JsonArray().add("m1").add("m2"));
    assertThat(a.getValue("text")).isEqualTo("kstore-node-1");
    assertThat(a.getValue("huge")).as("too long for a long: stays text").isEqualTo("1234567890123456789012");
  }

  @Test
  @DisplayName("a --conf file that is not valid JSON fails with a message naming the file")
  void invalidJsonFileNamed() throws IOException {
    Path broken = file("broken.json", "{\"http\": {\"port\": 80,,}");

    assertThatThrownBy(() -> StoreConfig.load(List.of(broken), Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(broken.toString())
        .hasMessageContaining("not valid JSON");
  }

  @Test
  @DisplayName("a --conf file that does not exist fails with a message naming the file")
  void missingFileNamed() {
    Path missing = dir.resolve("nowhere.json");

    assertThatThrownBy(() -> StoreConfig.load(List.of(missing), Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  @DisplayName("an invalid KSTORE_CONFIG_JSON fails with a message naming the variable")
  void invalidConfigJsonNamed() {
    assertThatThrownBy(() -> StoreConfig.load(List.of(), Map.of("KSTORE_CONFIG_JSON", "{pg: "), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KSTORE_CONFIG_JSON");
  }

  @Test
  @DisplayName("section returns the object, an empty one when absent, and fails naming a key that is not an object")
  void sectionRules() {
    JsonObject conf = new JsonObject().put("pg", new JsonObject().put("host", "h")).put("kafka", "k1:9092");

    assertThat(StoreConfig.section(conf, "pg").getString("host")).isEqualTo("h");
    assertThat(StoreConfig.section(conf, "redis")).isEqualTo(new JsonObject());
    assertThatThrownBy(() -> StoreConfig.section(conf, "kafka"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'kafka'");
    assertThatThrownBy(() -> KafkaConfig.from(conf))
        .as("config records fail fast through section")
        .hasMessageContaining("'kafka'");
  }

  @Test
  @DisplayName("deepMerge merges objects key by key and leaves both inputs unchanged")
  void deepMergeLeavesInputsUnchanged() {
    JsonObject base = new JsonObject()
        .put("http", new JsonObject().put("port", 8080).put("host", "0.0.0.0"))
        .put("list", new JsonArray().add(1))
        .put("replaced", new JsonObject().put("x", 1));
    JsonObject over = new JsonObject()
        .put("http", new JsonObject().put("port", 9090))
        .put("list", new JsonArray().add(2))
        .put("replaced", "scalar")
        .put("added", new JsonObject().put("y", 2));
    JsonObject baseBefore = base.copy();
    JsonObject overBefore = over.copy();

    JsonObject merged = StoreConfig.deepMerge(base, over);

    assertThat(merged).isEqualTo(new JsonObject()
        .put("http", new JsonObject().put("port", 9090).put("host", "0.0.0.0"))
        .put("list", new JsonArray().add(2))
        .put("replaced", "scalar")
        .put("added", new JsonObject().put("y", 2)));
    assertThat(base).isEqualTo(baseBefore);
    assertThat(over).isEqualTo(overBefore);

    // the merged tree's objects are its own: editing it leaves the inputs alone
    merged.getJsonObject("http").put("port", 1);
    merged.getJsonObject("added").put("y", 3);
    assertThat(base).isEqualTo(baseBefore);
    assertThat(over).isEqualTo(overBefore);
  }

  @Test
  @DisplayName("a secret from the environment is kept exactly as given, even when it looks like a number or JSON")
  void secretsKeptVerbatim() {
    JsonObject conf = StoreConfig.load(List.of(), Map.of(
        "KSTORE_PG_PASSWORD", "007123",
        "KSTORE_ADMIN_PASSWORD", "[not-json"), Map.of());

    assertThat(PgConfig.from(conf).password()).isEqualTo("007123");
    assertThat(conf.getJsonObject("admin").getString("password")).isEqualTo("[not-json");
  }
}
