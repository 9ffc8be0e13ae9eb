package kstore.edge;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import kstore.contracts.identity.IdentityAddresses;

/**
 * The principals identity answered for bearer access tokens, kept briefly so that every call of a mobile app does
 * not cost an identity round trip (and its PostgreSQL read). Keyed by the SHA-256 of the token, never the token;
 * at most {@code maxEntries} (least recently used go first). An entry lives at most {@code ttl} and never past the
 * token's own expiry ({@code expiresAt} of the principal; a principal without it is not kept, so an identity that
 * does not announce changes is never cached for). Identity publishes
 * {@link IdentityAddresses#EVENTS_PRINCIPAL_CHANGED} after every committed change of what it answers or checks
 * (sign out everywhere, password reset, roles, status, residence, language, name, email verification), and
 * {@link #forget} drops every entry of that user at once. The TTL is the safety net for a lost publish (a node cut
 * off from the cluster): a revoked token keeps working on this instance for at most {@code ttl}.
 *
 * <p>Not thread-safe: each edge verticle instance has its own, used only on its event loop.
 */
final class PrincipalCache {
  private final Clock clock;
  private final long ttlMillis;
  private final int maxEntries;
  private final Map<String, Entry> entries;
  private final Map<String, Set<String>> keysByUser = new HashMap<>();
  private final MessageDigest sha256;
  /** Counts {@link #forget} calls: a principal asked for before one may be stale and is not stored. */
  private long changes;

  private record Entry(JsonObject principal, String userId, long staleAtMillis) {
  }

  PrincipalCache(Duration ttl, int maxEntries, Clock clock) {
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
    this.maxEntries = maxEntries;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
        if (size() <= PrincipalCache.this.maxEntries) {
          return false;
        }
        unindex(eldest.getKey(), eldest.getValue().userId());
        return true;
      }
    };
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** False when {@code edge.authCacheSeconds} is 0: every token goes to identity. */
  boolean enabled() {
    return ttlMillis > 0;
  }

  /** The key of a token: its SHA-256 in hex (a heap dump shows no usable token). */
  String key(String token) {
    return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
  }

  /** A copy of the principal kept for this key, or null when there is none or it is stale. */
  JsonObject get(String key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (clock.millis() >= entry.staleAtMillis()) {
      entries.remove(key);
      unindex(key, entry.userId());
      return null;
    }
    return entry.principal().copy();
  }

  /** What to hand to {@link #put} for a lookup starting now. */
  long changes() {
    return changes;
  }

  /**
   * Keeps a principal identity answered for the token of {@code key}, unless a change was announced since the
   * lookup started ({@code changesAtStart}): identity may have read the account before that change committed.
   */
  void put(String key, JsonObject principal, long changesAtStart) {
    if (!enabled() || changesAtStart != changes) {
      return;
    }
    String userId = principal.getString("userId");
    Instant expiresAt = expiresAt(principal);
    if (userId == null || expiresAt == null) {
      return;
    }
    long now = clock.millis();
    long staleAt = Math.min(now + ttlMillis, expiresAt.toEpochMilli());
    if (staleAt <= now) {
      return;
    }
    Entry previous = entries.put(key, new Entry(principal.copy(), userId, staleAt));
    if (previous != null && !previous.userId().equals(userId)) {
      unindex(key, previous.userId());
    }
    keysByUser.computeIfAbsent(userId, u -> new HashSet<>()).add(key);
  }

  /** Drops every principal of this user (a change was announced); null drops everything. */
  void forget(String userId) {
    changes++;
    if (userId == null) {
      entries.clear();
      keysByUser.clear();
      return;
    }
    Set<String> keys = keysByUser.remove(userId);
    if (keys != null) {
      keys.forEach(entries::remove);
    }
  }

  int size() {
    return entries.size();
  }

  private void unindex(String key, String userId) {
    Set<String> keys = keysByUser.get(userId);
    if (keys != null && keys.remove(key) && keys.isEmpty()) {
      keysByUser.remove(userId);
    }
  }

  private static Instant expiresAt(JsonObject principal) {
    if (!(principal.getValue("expiresAt") instanceof String raw)) {
      return null;
    }
    try {
      return Instant.parse(raw);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
