package kstore.contracts;

/** Event-bus message headers that travel with a request across nodes. */
public final class Headers {
  private Headers() {
  }

  /** The id of the HTTP request that caused this message, for logs on every node. */
  public static final String REQUEST_ID = "x-request-id";
  /** Who acts (user id or "bootstrap-admin"); services use it for audit rows. */
  public static final String ACTOR = "x-actor";
  /** Comma-separated roles of the actor: player, publisher, admin. */
  public static final String ACTOR_ROLES = "x-actor-roles";
  /** The signed-in actor's residence country (sale rules, R12); absent for anonymous callers. */
  public static final String ACTOR_COUNTRY = "x-actor-country";
  /** The client's IP address as the edge saw it (for sign-in throttling and audit). */
  public static final String CLIENT_IP = "x-client-ip";
  /** The country the request comes from (GeoIP or trusted header), not the account's residence. */
  public static final String REQUEST_COUNTRY = "x-request-country";
}
