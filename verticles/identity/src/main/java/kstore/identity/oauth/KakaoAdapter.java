package kstore.identity.oauth;

import io.vertx.core.json.JsonObject;

/**
 * Kakao Login: {@code GET kapi.kakao.com/v2/user/me} answers a numeric {@code id} and a {@code kakao_account}
 * whose email counts only when Kakao says it is both verified and still valid ({@code is_email_valid}).
 * Scopes are comma-separated.
 */
final class KakaoAdapter implements ProviderAdapter {
  @Override
  public String name() {
    return "kakao";
  }

  @Override
  public ClaimMapping claims() {
    return new ClaimMapping("id", "kakao_account.email", "kakao_account.is_email_verified",
        "kakao_account.profile.nickname", null);
  }

  @Override
  public String scopeSeparator() {
    return ",";
  }

  @Override
  public ExternalIdentity identity(ProviderConfig p, JsonObject claims, JsonObject params) {
    ExternalIdentity base = p.claims().identity(p.id(), claims);
    Object valid = ClaimMapping.value(claims, "kakao_account.is_email_valid");
    boolean verified = base.emailVerified() && !Boolean.FALSE.equals(valid);
    return new ExternalIdentity(base.provider(), base.subject(), base.email(), verified, base.displayName(),
        base.locale(), claims);
  }
}
