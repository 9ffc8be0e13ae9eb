package kstore.identity;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import kstore.platform.Pg;
import kstore.platform.PgConfig;

/** Wiring of the identity (social login) service: schema {@code identity}, the addresses of IdentityAddresses. */
public final class IdentityVerticle extends VerticleBase {
  private Pool pool;

  @Override
  public Future<?> start() {
    JsonObject conf = config();
    PgConfig pg = PgConfig.from(conf);
    pool = Pg.pool(vertx, pg);
    return Pg.migrate(vertx, pg, "identity");
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
