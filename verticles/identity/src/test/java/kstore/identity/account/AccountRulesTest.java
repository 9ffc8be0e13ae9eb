package kstore.identity.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import kstore.contracts.ErrorCode;
import kstore.platform.Regions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Account input rules")
class AccountRulesTest {

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"//evil.example", "/\\evil.example", "https://evil.example", "/api/v1/me", "", "evil"})
  @DisplayName("after a social sign-in the browser only ever returns to a path of this store")
  void noOpenRedirect(String returnTo) {
    assertThat(SocialSignIn.safeReturnTo(returnTo)).isEqualTo("/");
  }

  @Test
  @DisplayName("store paths are kept as they are")
  void storePaths() {
    assertThat(SocialSignIn.safeReturnTo("/friends?tab=incoming")).isEqualTo("/friends?tab=incoming");
    assertThat(SocialSignIn.safeReturnTo(null)).isEqualTo("/");
  }

  @Test
  @DisplayName("names from providers lose markup and control characters, are cut to 32, and never end up empty")
  void providerNames() {
    assertThat(SocialSignIn.displayName("  <b>Mina</b>\u0007  ")).isEqualTo("bMina/b");
    assertThat(SocialSignIn.displayName("가".repeat(40))).hasSize(32);
    assertThat(SocialSignIn.displayName(null)).matches("Player \\d{4}");
    assertThat(SocialSignIn.displayName("x")).matches("Player \\d{4}");
  }

  @Test
  @DisplayName("passwords: at least 10 characters, not common, not the email, at most 128")
  void passwords() {
    assertCode(() -> Passwords.requireAcceptable("short", null), ErrorCode.VALIDATION, "at least 10");
    assertCode(() -> Passwords.requireAcceptable("password123", null), ErrorCode.VALIDATION, "too easy");
    assertCode(() -> Passwords.requireAcceptable("aaaaaaaaaaaa", null), ErrorCode.VALIDATION, "too easy");
    assertCode(() -> Passwords.requireAcceptable("x-mina@example.com-x", "mina@example.com"), ErrorCode.VALIDATION,
        "email");
    assertCode(() -> Passwords.requireAcceptable("a".repeat(60) + "bcd".repeat(30), null), ErrorCode.VALIDATION,
        "at most 128");
    Passwords.requireAcceptable("correct-horse-battery", "mina@example.com");
  }

  @Test
  @DisplayName("emails are trimmed and lower-cased; residence must be a real, served country; lang one of four")
  void inputs() {
    assertThat(Inputs.email(new JsonObject().put("email", "  Mina@Example.COM "))).isEqualTo("mina@example.com");
    assertCode(() -> Inputs.email(new JsonObject().put("email", "mina@")), ErrorCode.VALIDATION, "email");
    Regions regions = Regions.load();
    assertThat(Inputs.residence(regions, "kr")).isEqualTo("KR");
    assertCode(() -> Inputs.residence(regions, "XX"), ErrorCode.VALIDATION, "ISO 3166");
    assertCode(() -> Inputs.residence(regions, "KP"), ErrorCode.REGION_BLOCKED, "not available");
    assertCode(() -> Inputs.lang("fr"), ErrorCode.VALIDATION, "lang");
    assertCode(() -> Inputs.displayName("<script>"), ErrorCode.VALIDATION, "angle brackets");
  }

  private static void assertCode(Runnable r, ErrorCode code, String message) {
    assertThatThrownBy(r::run).isInstanceOfSatisfying(ReplyException.class, e -> {
      assertThat(e.failureCode()).isEqualTo(code.failureCode());
      assertThat(e.getMessage()).contains(message);
    });
  }
}
