package kstore.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kstore.platform.StoreConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A node's command line")
class NodeArgsTest {

  @Test
  @DisplayName("turns flags into config: verticles with instance counts, ports, members, data dir, extra files")
  void flagsBecomeConfig() {
    NodeArgs args = NodeArgs.parse(new String[] {"--verticles", "edge=2,catalog", "--http-port", "8081",
        "--cluster-port", "5702", "--members", "10.0.0.1:5701,10.0.0.2:5701", "--data-dir", "/tmp/x",
        "--conf", "conf/docker.json", "--set", "edge.countryHeader=CF-IPCountry", "--no-cluster"});

    JsonObject conf = StoreConfig.load(List.of(), Map.of(), args.overrides());
    assertThat(conf.getJsonObject("node").getJsonObject("verticles").getMap()).isEqualTo(Map.of("edge", 2, "catalog", 1));
    assertThat(conf.getJsonObject("http").getInteger("port")).isEqualTo(8081);
    assertThat(conf.getJsonObject("cluster").getInteger("port")).isEqualTo(5702);
    assertThat(conf.getJsonObject("cluster").getBoolean("enabled")).isFalse();
    assertThat(conf.getJsonObject("cluster").getString("members")).isEqualTo("10.0.0.1:5701,10.0.0.2:5701");
    assertThat(conf.getJsonObject("stack").getString("dataDir")).isEqualTo("/tmp/x");
    assertThat(conf.getJsonObject("edge").getString("countryHeader")).isEqualTo("CF-IPCountry");
    assertThat(args.confFiles()).containsExactly(Path.of("conf/docker.json"));
  }

  @Test
  @DisplayName("refuses unknown verticles and options, and --set without a value, with a message naming them")
  void refusesBadFlags() {
    assertThatThrownBy(() -> NodeArgs.parse(new String[] {"--verticles", "edge,shop"}))
        .hasMessageContaining("unknown verticle 'shop'");
    assertThatThrownBy(() -> NodeArgs.parse(new String[] {"--colour"})).hasMessageContaining("unknown option --colour");
    assertThatThrownBy(() -> NodeArgs.parse(new String[] {"--set", "http.port"})).hasMessageContaining("key.path=value");
    assertThatThrownBy(() -> NodeArgs.parse(new String[] {"--http-port"})).hasMessageContaining("needs a value");
  }
}
