package kstore.identity.account;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One account as stored in {@code identity.users}. */
public record User(UUID id, String email, boolean emailVerified, String displayName, String friendCode,
                   String passwordHash, String residenceCountry, Instant residenceChangedAt, String lang,
                   LocalDate birthDate, List<String> roles, String status, int tokenEpoch, Instant createdAt) {

  static final String COLUMNS = "id, email, email_verified, display_name, friend_code, password_hash, "
      + "residence_country, residence_changed_at, lang, birth_date, roles, status, token_epoch, created_at";

  static User of(Row row) {
    OffsetDateTime changed = row.getOffsetDateTime("residence_changed_at");
    String[] roles = row.getArrayOfStrings("roles");
    return new User(row.getUUID("id"), row.getString("email"), row.getBoolean("email_verified"),
        row.getString("display_name"), row.getString("friend_code"), row.getString("password_hash"),
        row.getString("residence_country"), changed == null ? null : changed.toInstant(), row.getString("lang"),
        row.getLocalDate("birth_date"), roles == null ? List.of() : List.of(roles), row.getString("status"),
        row.getInteger("token_epoch"), row.getOffsetDateTime("created_at").toInstant());
  }

  public boolean active() {
    return "active".equals(status);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** What the service tells other services about the caller (the reply of identity.authenticate). */
  public JsonObject principal() {
    return new JsonObject()
        .put("userId", id.toString())
        .put("displayName", displayName)
        .put("roles", new JsonArray(roles))
        .put("residenceCountry", residenceCountry)
        .put("lang", lang)
        .put("emailVerified", emailVerified);
  }

  /** The public face of an account: what another user may see. */
  public JsonObject publicProfile() {
    return new JsonObject().put("userId", id.toString()).put("displayName", displayName).put("friendCode", friendCode);
  }
}
