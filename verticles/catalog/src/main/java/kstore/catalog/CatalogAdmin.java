package kstore.catalog;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import kstore.contracts.ErrorCode;
import kstore.contracts.EventEnvelope;
import kstore.contracts.Headers;
import kstore.contracts.catalog.CatalogAddresses;
import kstore.platform.OutboxRelay;
import kstore.platform.Regions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Changes by the person in charge (S1.1, S1.6, R12): register a game, change it, read its audit trail.
 * Each change, its audit row and its outbox event commit in one transaction; then every catalog
 * instance is told through {@link CatalogAddresses#EVENTS_GAME_CHANGED}.
 */
final class CatalogAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogAdmin.class);
  static final String EVENT_TYPE = "catalog.game-changed";
  private static final Set<String> ROLES = Set.of("admin", "publisher");
  private static final int AUDIT_LIMIT = 200;

  private final Vertx vertx;
  private final CatalogRepository repository;
  private final Regions regions;
  private final CatalogService service;
  private final BiFunction<Game, String, Future<Void>> applyLocally;
  private final Runnable kickRelay;

  CatalogAdmin(Vertx vertx, CatalogRepository repository, Regions regions, CatalogService service,
               BiFunction<Game, String, Future<Void>> applyLocally, Runnable kickRelay) {
    this.vertx = vertx;
    this.repository = repository;
    this.regions = regions;
    this.service = service;
    this.applyLocally = applyLocally;
    this.kickRelay = kickRelay;
  }

  /** Who acts, after checking the actor holds the admin or publisher role. */
  static String authorize(MultiMap headers) {
    String roles = headers == null ? null : headers.get(Headers.ACTOR_ROLES);
    Set<String> held = roles == null ? Set.of() : Arrays.stream(roles.split(","))
        .map(r -> r.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    if (held.stream().noneMatch(ROLES::contains)) {
      throw new InvalidRequest(ErrorCode.FORBIDDEN, "changing the catalog needs the admin or publisher role");
    }
    String actor = headers.get(Headers.ACTOR);
    if (actor == null || actor.isBlank()) {
      throw new InvalidRequest(ErrorCode.UNAUTHENTICATED, "header " + Headers.ACTOR + " must name who acts");
    }
    return actor.strip();
  }

  Future<JsonObject> create(JsonObject body, MultiMap headers) {
    String actor = authorize(headers);
    String requestId = headers.get(Headers.REQUEST_ID);
    Game draft = GameInput.create(body, regions, Instant.now());
    return repository.pool().withTransaction(tx -> repository.nextId(tx).compose(id -> {
      String wanted = draft.slug().isEmpty() ? Slugs.of(draft.title("en"), id) : draft.slug();
      return repository.slugOwner(tx, wanted).compose(owner -> {
        if (owner != null && !draft.slug().isEmpty()) {
          return Future.failedFuture(new InvalidRequest(ErrorCode.CONFLICT, "slug " + wanted
              + " is taken by game " + owner));
        }
        String slug = owner == null ? wanted : Slugs.withId(wanted, id);
        Game game = withIdAndSlug(draft, id, slug);
        return repository.insert(tx, game, "admin").compose(stored -> {
          JsonObject changes = GameInput.diff(null, stored);
          return record(tx, stored, actor, "create", changes, requestId).map(event -> new Change(stored, event));
        });
      });
    })).recover(CatalogAdmin::conflicts).compose(change -> announce(change, actor, requestId));
  }

  Future<JsonObject> update(JsonObject body, MultiMap headers) {
    String actor = authorize(headers);
    String requestId = headers.get(Headers.REQUEST_ID);
    if (body == null) {
      throw InvalidRequest.validation("request body must be a JSON object");
    }
    Long id = RequestFields.longValue(body, "id", 1, Long.MAX_VALUE);
    if (id == null) {
      throw InvalidRequest.validation("id is required");
    }
    Instant now = Instant.now();
    return repository.pool().withTransaction(tx -> repository.lock(tx, id).compose(current -> {
      if (current == null) {
        return Future.failedFuture(new InvalidRequest(ErrorCode.NOT_FOUND, "no game with id " + id));
      }
      Game merged = GameInput.merge(current, body, regions, now);
      JsonObject changes = GameInput.diff(current, merged);
      if (changes.isEmpty()) {
        return Future.succeededFuture(new Change(current, null));
      }
      Future<Void> slugFree = current.slug().equals(merged.slug()) ? Future.succeededFuture()
          : repository.slugOwner(tx, merged.slug()).compose(owner -> owner == null || owner == id
              ? Future.succeededFuture()
              : Future.failedFuture(new InvalidRequest(ErrorCode.CONFLICT, "slug " + merged.slug()
                  + " is taken by game " + owner)));
      return slugFree.compose(v -> repository.update(tx, merged))
          .compose(stored -> record(tx, stored, actor, "update", changes, requestId)
              .map(event -> new Change(stored, event)));
    })).recover(CatalogAdmin::conflicts).compose(change -> announce(change, actor, requestId));
  }

  Future<JsonObject> audit(JsonObject body, MultiMap headers) {
    authorize(headers);
    if (body == null) {
      throw InvalidRequest.validation("request body must be a JSON object");
    }
    Long id = RequestFields.longValue(body, "id", 1, Long.MAX_VALUE);
    if (id == null) {
      throw InvalidRequest.validation("id is required");
    }
    return repository.exists(id).compose(exists -> exists
        ? repository.auditOf(id, AUDIT_LIMIT).map(items -> new JsonObject().put("id", id).put("items", items))
        : Future.failedFuture(new InvalidRequest(ErrorCode.NOT_FOUND, "no game with id " + id)));
  }

  private record Change(Game game, JsonObject event) {
  }

  /** Writes the audit row and the outbox event inside the change's transaction; returns the event. */
  private Future<JsonObject> record(io.vertx.sqlclient.SqlClient tx, Game stored, String actor, String action,
                                    JsonObject changes, String requestId) {
    JsonObject event = EventEnvelope.of(EVENT_TYPE, 1, new JsonObject()
        .put("id", stored.id())
        .put("slug", stored.slug())
        .put("action", action)
        .put("version", stored.version())
        .put("actor", actor)
        .put("changed", new JsonArray(List.copyOf(changes.fieldNames()))));
    return repository.audit(tx, stored.id(), actor, action, changes, requestId)
        .compose(v -> OutboxRelay.append(tx, "catalog", CatalogAddresses.TOPIC, Long.toString(stored.id()), event))
        .map(v -> event);
  }

  /** After commit: this node's index first (so the caller's next search sees it), then every other instance. */
  private Future<JsonObject> announce(Change change, String actor, String requestId) {
    if (change.event() == null) {
      return Future.succeededFuture(admin(change.game()));
    }
    try (MDC.MDCCloseable ignored = MDC.putCloseable("requestId", requestId)) {
      JsonObject data = change.event().getJsonObject("data");
      LOG.info("game {} {} by {}: {}", change.game().id(), data.getString("action"), actor,
          data.getJsonArray("changed"));
    }
    return applyLocally.apply(change.game(), change.event().getString("id"))
        .onComplete(ar -> {
          vertx.eventBus().publish(CatalogAddresses.EVENTS_GAME_CHANGED, change.event());
          kickRelay.run();
        })
        .map(v -> admin(change.game()));
  }

  /** The admin reply: GameDetail as seen from the US, plus the stored form (all prices, version). */
  private JsonObject admin(Game g) {
    JsonObject detail = service.detail(g, "en", regions.of("US"));
    JsonObject prices = new JsonObject();
    new java.util.TreeMap<>(g.prices()).forEach(prices::put);
    return detail.put("prices", prices).put("priceTierUsd", g.priceTierUsd()).put("version", g.version())
        .put("updatedAt", g.updatedAt().toString());
  }

  private static <T> Future<T> conflicts(Throwable err) {
    if (err instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return Future.failedFuture(new InvalidRequest(ErrorCode.CONFLICT, "slug is already taken by another game"));
    }
    return Future.failedFuture(err);
  }

  private static Game withIdAndSlug(Game g, long id, String slug) {
    return new Game(id, slug, g.titles(), g.description(), g.developer(), g.publisher(), g.genres(), g.tags(),
        g.categories(), g.platforms(), g.ageRating(), g.releaseAt(), g.status(), g.priceTierUsd(), g.prices(),
        g.discount(), g.serviceCountries(), g.blockedCountries(), g.achievements(), g.positiveRatings(),
        g.negativeRatings(), g.owners(), g.version(), g.updatedAt());
  }
}
