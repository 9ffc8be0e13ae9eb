package kstore.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How a node joins the cluster, and the Hazelcast config built from it. */
class ClusterConfigTest {

  private static ClusterConfig cluster(JsonObject section) {
    return ClusterConfig.from(new JsonObject().put("cluster", section));
  }

  @Test
  @DisplayName("the defaults from conf/kstore.json join over loopback as cluster 'kstore'")
  void defaults() {
    ClusterConfig c = ClusterConfig.from(StoreConfig.load(List.of(), Map.of(), Map.of()));

    assertThat(c).isEqualTo(new ClusterConfig(true, "kstore", "127.0.0.1", 5701, true, List.of("127.0.0.1"),
        10, "kstore", 1));
  }

  @Test
  @DisplayName("members come from a comma-separated string, trimmed")
  void membersFromString() {
    assertThat(cluster(new JsonObject().put("members", "node-1:5701, node-2:5701 ,node-3")).members())
        .containsExactly("node-1:5701", "node-2:5701", "node-3");
  }

  @Test
  @DisplayName("members come from a JSON array")
  void membersFromArray() {
    assertThat(cluster(new JsonObject().put("members", new JsonArray().add("10.0.0.1").add("10.0.0.2"))).members())
        .containsExactly("10.0.0.1", "10.0.0.2");
  }

  @Test
  @DisplayName("KSTORE_CLUSTER_MEMBERS as a comma list reaches the members")
  void membersFromEnvironment() {
    JsonObject conf = StoreConfig.load(List.of(),
        Map.of("KSTORE_CLUSTER_MEMBERS", "kstore-1,kstore-2", "KSTORE_CLUSTER_PORT", "5801"), Map.of());

    ClusterConfig c = ClusterConfig.from(conf);

    assertThat(c.members()).containsExactly("kstore-1", "kstore-2");
    assertThat(c.port()).isEqualTo(5801);
  }

  @Test
  @DisplayName("no members, or an empty list, mean loopback")
  void membersDefaultToLoopback() {
    assertThat(cluster(new JsonObject()).members()).containsExactly("127.0.0.1");
    assertThat(cluster(new JsonObject().put("members", new JsonArray())).members()).containsExactly("127.0.0.1");
  }

  @Test
  @DisplayName("members of another type fail naming 'cluster.members'")
  void membersInvalidType() {
    assertThatThrownBy(() -> cluster(new JsonObject().put("members", 5701)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'cluster.members'");
    assertThatThrownBy(() -> cluster(new JsonObject().put("members", new JsonObject())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'cluster.members'");
  }

  @Test
  @DisplayName("a cluster section that is not an object fails naming 'cluster'")
  void sectionNotObject() {
    assertThatThrownBy(() -> ClusterConfig.from(new JsonObject().put("cluster", "on")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'cluster'");
  }

  @Test
  @DisplayName("Hazelcast joins over TCP/IP only, with the members, the cluster name and the loopback interface")
  void hazelcastLoopback() {
    ClusterConfig c = cluster(new JsonObject()
        .put("name", "kstore-test").put("host", "127.0.0.1").put("port", 5901)
        .put("members", "127.0.0.1:5901,127.0.0.1:5902").put("heartbeatSeconds", 7));

    Config hz = Cluster.hazelcast(c);

    assertThat(hz.getClusterName()).isEqualTo("kstore-test");
    NetworkConfig network = hz.getNetworkConfig();
    JoinConfig join = network.getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5901", "127.0.0.1:5902");
    assertThat(network.getInterfaces().isEnabled()).isTrue();
    assertThat(network.getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(network.getPort()).isEqualTo(5901);
    assertThat(network.isPortAutoIncrement()).isTrue();
    assertThat(network.getPublicAddress()).as("auto-increment: no fixed public address").isNull();
    assertThat(hz.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("7");
    assertThat(hz.getMultiMapConfig("__vertx.subs").getBackupCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("a DNS host is advertised as the public address but not bound as an interface")
  void hazelcastDnsHost() {
    ClusterConfig c = cluster(new JsonObject()
        .put("host", "kstore-node-1").put("port", 5701).put("portAutoIncrement", false)
        .put("members", new JsonArray().add("kstore-node-1").add("kstore-node-2")));

    Config hz = Cluster.hazelcast(c);

    NetworkConfig network = hz.getNetworkConfig();
    assertThat(network.getInterfaces().isEnabled()).isFalse();
    assertThat(network.getInterfaces().getInterfaces()).isEmpty();
    assertThat(network.getPublicAddress()).isEqualTo("kstore-node-1:5701");
    assertThat(network.getJoin().getTcpIpConfig().getMembers()).containsExactly("kstore-node-1", "kstore-node-2");
  }

  @Test
  @DisplayName("the Vert.x options carry the event-bus host and the HA group")
  void vertxOptions() {
    ClusterConfig c = cluster(new JsonObject().put("host", "10.1.2.3").put("haGroup", "eu").put("quorum", 2));

    var options = Cluster.options(c);

    assertThat(options.getEventBusOptions().getHost()).isEqualTo("10.1.2.3");
    assertThat(options.getEventBusOptions().getClusterPublicHost()).isEqualTo("10.1.2.3");
    assertThat(options.isHAEnabled()).isTrue();
    assertThat(options.getHAGroup()).isEqualTo("eu");
    assertThat(options.getQuorumSize()).isEqualTo(2);
  }
}
