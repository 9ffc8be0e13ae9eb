package kstore.contracts.catalog;

/**
 * Event-bus addresses of the catalog service. Message shapes are documented in
 * {@code verticles/contracts/README.md}; all bodies are JSON objects.
 */
public final class CatalogAddresses {
  private CatalogAddresses() {
  }

  /** Request/reply: list or full-text search with filters, facets, sort and pages (a SearchRequest). */
  public static final String SEARCH = "catalog.games.search";
  /** Request/reply: one game by id or slug, in a country and language (a GameDetail). */
  public static final String GET = "catalog.games.get";
  /** Request/reply: autocomplete suggestions for a prefix. */
  public static final String SUGGEST = "catalog.games.suggest";
  /** Request/reply: home page rails (new and trending, upcoming pre-orders, on sale). */
  public static final String HOME = "catalog.games.home";
  /** Request/reply (admin/publisher): register a game (S1.1). */
  public static final String ADMIN_CREATE = "catalog.admin.games.create";
  /** Request/reply (admin/publisher): change a game: fields, release, discount, countries. */
  public static final String ADMIN_UPDATE = "catalog.admin.games.update";
  /** Request/reply (admin): the audit trail of one game. */
  public static final String ADMIN_AUDIT = "catalog.admin.games.audit";
  /** Request/reply: readiness of a catalog instance (index loaded). */
  public static final String PING = "catalog.ping";
  /** Published event (EventEnvelope, type {@code catalog.game-changed}): every instance refreshes its index. */
  public static final String EVENTS_GAME_CHANGED = "catalog.events.game-changed";
  /** Kafka topic carrying catalog events for analytics (via the outbox relay). */
  public static final String TOPIC = "kstore.catalog.events";
}
