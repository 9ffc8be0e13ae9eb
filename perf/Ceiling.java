// The ceiling for perf/bench.sh: the most trivial Vert.x JSON endpoint, on the same machine and JVM
// settings as the store's edge. Run: java -cp verticles/launcher/target/kstore.jar perf/Ceiling.java PORT INSTANCES
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

public class Ceiling extends VerticleBase {
  static int port;

  @Override
  public Future<?> start() {
    String body = new JsonObject().put("ok", true).put("service", "ceiling").encode();
    return vertx.createHttpServer()
        .requestHandler(req -> req.response().putHeader("content-type", "application/json").end(body))
        .listen(port);
  }

  public static void main(String[] args) {
    port = args.length > 0 ? Integer.parseInt(args[0]) : 8090;
    int instances = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Vertx.vertx().deployVerticle(Ceiling.class, new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.out.println("ceiling listening on " + port + " with " + instances + " instance(s)"))
        .onFailure(err -> { err.printStackTrace(); System.exit(1); });
  }
}
