package kstore.platform;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Starts this node's Vert.x: clustered over Hazelcast (TCP/IP join) unless clustering is disabled. */
public final class Cluster {
  private Cluster() {
  }

  /** Vert.x options shared by every node: Prometheus metrics on, HA on for failover of HA deployments. */
  public static VertxOptions options(ClusterConfig cluster) {
    VertxOptions options = new VertxOptions()
        .setHAEnabled(cluster.enabled())
        .setHAGroup(cluster.haGroup())
        .setQuorumSize(cluster.quorum());
    options.getEventBusOptions().setHost(cluster.host()).setClusterPublicHost(cluster.host());
    options.setMetricsOptions(new MicrometerMetricsOptions()
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setJvmMetricsEnabled(true)
        .setEnabled(true));
    return options;
  }

  /** A clustered Vert.x (or a plain one when {@code cluster.enabled=false}). */
  public static Future<Vertx> start(ClusterConfig cluster) {
    VertxOptions options = options(cluster);
    if (!cluster.enabled()) {
      return Future.succeededFuture(Vertx.builder().with(options)
          .withMetrics(new MicrometerMetricsFactory()).build());
    }
    System.setProperty("hazelcast.logging.type", "slf4j");
    return Vertx.builder()
        .with(options)
        .withMetrics(new MicrometerMetricsFactory())
        .withClusterManager(new HazelcastClusterManager(hazelcast(cluster)))
        .buildClustered();
  }

  /** Hazelcast config in code: no multicast, no auto-detection, members listed, quick failure detection. */
  public static Config hazelcast(ClusterConfig cluster) {
    Config config = new Config();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(cluster.heartbeatSeconds()));
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(cluster.portAutoIncrement()).setPortCount(20);
    if (cluster.host().matches("\\d+\\.\\d+\\.\\d+\\.\\d+") && !cluster.host().equals("0.0.0.0")) {
      // bind to exactly this interface (loopback in dev); a DNS name (docker, k8s) is only advertised
      network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    }
    if (!cluster.portAutoIncrement() && !cluster.host().equals("0.0.0.0")) {
      network.setPublicAddress(cluster.host() + ":" + cluster.port());
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members()).setConnectionTimeoutSeconds(2);

    // Vert.x keeps event-bus subscriptions and HA info here: back them up so a lost node loses nothing.
    config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
        .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
    config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
    return config;
  }
}
