package kstore.notifications;

import io.vertx.core.json.JsonObject;

/** Where and how to write to a buyer, as identity answers {@code identity.users.contact}; {@code email} may be null. */
public record Contact(String email, boolean emailVerified, String lang, String displayName) {

  static Contact of(JsonObject reply) {
    String email = reply.getString("email");
    return new Contact(email == null || email.isBlank() ? null : email.trim(), reply.getBoolean("emailVerified", false),
        reply.getString("lang"), reply.getString("displayName"));
  }
}
