package kstore.identity.oauth;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Who a social-login provider says the person is.
 *
 * @param provider      the provider id ({@code google}, {@code kakao}, ...)
 * @param subject       the provider's stable user id
 * @param email         lower-cased, or null when the provider gave none
 * @param emailVerified whether the provider vouches for the email (always false without one)
 * @param displayName   the person's name or nickname, or null
 * @param locale        the provider's locale claim, or null
 * @param profile       the claims and profile fields as the provider sent them
 */
public record ExternalIdentity(String provider, String subject, String email, boolean emailVerified,
                               String displayName, String locale, JsonObject profile) {

  public ExternalIdentity {
    if (provider == null || subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("an external identity needs a provider and a subject");
    }
    email = email == null || email.isBlank() ? null : email.trim().toLowerCase(Locale.ROOT);
    emailVerified = email != null && emailVerified;
    displayName = displayName == null || displayName.isBlank() ? null : displayName.trim();
    locale = locale == null || locale.isBlank() ? null : locale;
    profile = profile == null ? new JsonObject() : profile;
  }

  /** {@code {provider, subject, email, emailVerified, displayName, locale}} (the raw profile stays out). */
  public JsonObject toJson() {
    return new JsonObject().put("provider", provider).put("subject", subject).put("email", email)
        .put("emailVerified", emailVerified).put("displayName", displayName).put("locale", locale);
  }
}
