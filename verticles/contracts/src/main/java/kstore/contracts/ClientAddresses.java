package kstore.contracts;

/**
 * Addresses a browser may use through the SockJS bridge. Only addresses under {@code client.} are ever
 * bridged; inbound (browser → server) and outbound (server → browser) prefixes never overlap.
 */
public final class ClientAddresses {
  private ClientAddresses() {
  }

  public static final String PREFIX = "client.";
  /** Browser → server: a ping the edge answers (proves the bridge works). */
  public static final String INBOUND_PREFIX = "client.in.";
  /** Server → browser: pushes a browser may listen to. */
  public static final String OUTBOUND_PREFIX = "client.out.";
  /** Test address: the edge replies {"pong": true, "at": instant}. */
  public static final String PING = "client.in.ping";
  /** Test push: the edge publishes a heartbeat here every few seconds. */
  public static final String HEARTBEAT = "client.out.heartbeat";
}
