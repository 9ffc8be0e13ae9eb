package kstore.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import kstore.contracts.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Edge rules without a server")
class UnitRulesTest {

  @Nested
  @DisplayName("Error mapping")
  class Errors {
    @ParameterizedTest(name = "{0}")
    @EnumSource(ErrorCode.class)
    @DisplayName("every error code has a status, and that status maps back to the code (or the general code it refines)")
    void roundTrip(ErrorCode code) {
      java.util.Map<ErrorCode, ErrorCode> refines = java.util.Map.of(ErrorCode.ACCOUNT_LOCKED, ErrorCode.RATE_LIMITED,
          ErrorCode.LINK_REQUIRED, ErrorCode.CONFLICT, ErrorCode.CSRF_FAILED, ErrorCode.FORBIDDEN,
          ErrorCode.EMAIL_TAKEN, ErrorCode.CONFLICT);
      int status = ApiErrors.status(code);
      assertThat(status).isBetween(400, 599);
      assertThat(ApiErrors.codeOfStatus(status)).isEqualTo(refines.getOrDefault(code, code));
    }
  }

  @Nested
  @DisplayName("Accept-Language")
  class AcceptLanguage {
    @ParameterizedTest(name = "''{0}'' -> {1}")
    @DisplayName("the supported language with the highest weight wins, earlier on ties")
    @CsvSource(nullValues = "-", value = {
        "'ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7', ko",
        "'en-GB,en;q=0.9', en",
        "'fr,ja;q=0.3,zh;q=0.4', zh",
        "'zh-Hant-TW', zh",
        "'JA', ja",
        "'ko;q=0,en;q=0.1', en",
        "'*', -",
        "'fr-FR', -",
        "'ko;q=abc,ja', ja",
        "'', -"})
    void best(String header, String expected) {
      assertThat(LanguageResolver.bestAccepted(header)).isEqualTo(expected);
    }
  }

  @Nested
  @DisplayName("Country codes")
  class Countries {
    @Test
    @DisplayName("ISO 3166-1 alpha-2 codes are accepted in any case and upper-cased; anything else is not")
    void normalize() {
      assertThat(CountryResolver.normalize("kr")).contains("KR");
      assertThat(CountryResolver.normalize("US")).contains("US");
      assertThat(CountryResolver.normalize("ZZ")).isEmpty();
      assertThat(CountryResolver.normalize("USA")).isEmpty();
      assertThat(CountryResolver.normalize("")).isEmpty();
      assertThat(CountryResolver.normalize(null)).isEmpty();
    }
  }

  @Nested
  @DisplayName("Query strings")
  class Queries {
    @Test
    @DisplayName("are decoded once, '+' as space, repeated names kept in order")
    void decoded() {
      Map<String, List<String>> q = QueryString.parse("q=c%2B%2B+game&genre=RPG&genre=Point%20%26%20Click&flag&x=");
      assertThat(q.get("q")).containsExactly("c++ game");
      assertThat(q.get("genre")).containsExactly("RPG", "Point & Click");
      assertThat(q.get("flag")).containsExactly("");
      assertThat(q.get("x")).containsExactly("");
    }

    @Test
    @DisplayName("broken escapes and bytes that are not UTF-8 are refused")
    void strict() {
      for (String bad : new String[] {"q=%", "q=%2", "q=%zz", "q=%FF", "q=%C3%28", "q=%ED%A0%80"}) {
        assertThatThrownBy(() -> QueryString.parse(bad)).as(bad).isInstanceOf(EdgeException.class);
      }
    }

    @Test
    @DisplayName("in path segments '+' stays a plus")
    void segment() {
      assertThat(QueryString.decodeSegment("c++%20x")).isEqualTo("c++ x");
    }
  }

  @Nested
  @DisplayName("Config")
  class Config {
    @Test
    @DisplayName("defaults apply and a wrong value fails naming its key")
    void parsing() {
      EdgeConfig defaults = EdgeConfig.from(new JsonObject());
      assertThat(defaults.port()).isEqualTo(8080);
      assertThat(defaults.maxBodyBytes()).isEqualTo(1_048_576);

      assertThatThrownBy(() -> EdgeConfig.from(new JsonObject().put("http", new JsonObject().put("port", "x"))))
          .hasMessageContaining("http.port");
      assertThatThrownBy(() -> EdgeConfig.from(new JsonObject().put("http", new JsonObject().put("port", 70_000))))
          .hasMessageContaining("http.port");
      assertThatThrownBy(() -> EdgeConfig.from(new JsonObject().put("edge", new JsonObject()
          .put("trustCountryHeader", "yes")))).hasMessageContaining("edge.trustCountryHeader");
      assertThat(defaults.authCacheSeconds()).isEqualTo(10);
      assertThatThrownBy(() -> EdgeConfig.from(new JsonObject().put("edge", new JsonObject()
          .put("authCacheSeconds", 3_600)))).hasMessageContaining("edge.authCacheSeconds");
    }
  }

  @Nested
  @DisplayName("Principal cache")
  class Principals {
    private final MutableClock clock = new MutableClock();
    private final PrincipalCache cache = new PrincipalCache(Duration.ofSeconds(10), 3, clock);

    private JsonObject principal(String userId, Instant expiresAt) {
      return new JsonObject().put("userId", userId).put("roles", new JsonArray().add("player"))
          .put("residenceCountry", "KR").put("via", "token").put("expiresAt", expiresAt.toString());
    }

    private JsonObject principal(String userId) {
      return principal(userId, clock.instant().plusSeconds(900));
    }

    @Test
    @DisplayName("keys are the token's SHA-256, never the token")
    void keys() {
      String key = cache.key("eyJhbGciOiJIUzI1NiJ9.payload.signature");
      assertThat(key).matches("[0-9a-f]{64}").doesNotContain("payload");
      assertThat(cache.key("eyJhbGciOiJIUzI1NiJ9.payload.signature")).isEqualTo(key);
      assertThat(cache.key("eyJhbGciOiJIUzI1NiJ9.payload.signaturf")).isNotEqualTo(key);
    }

    @Test
    @DisplayName("an entry lives for the TTL, and never past the token's own expiry")
    void lifetime() {
      cache.put("a", principal("u1"), cache.changes());
      cache.put("b", principal("u2", clock.instant().plusSeconds(3)), cache.changes());
      clock.advance(Duration.ofMillis(2_999));
      assertThat(cache.get("a")).isNotNull();
      assertThat(cache.get("b")).isNotNull();
      clock.advance(Duration.ofMillis(1));
      assertThat(cache.get("b")).as("the token expired").isNull();
      clock.advance(Duration.ofMillis(6_999));
      assertThat(cache.get("a")).isNotNull();
      clock.advance(Duration.ofMillis(1));
      assertThat(cache.get("a")).as("the TTL is over").isNull();
      assertThat(cache.size()).isZero();
    }

    @Test
    @DisplayName("a principal without a future expiresAt or without a user is not kept, nor anything when disabled")
    void notKept() {
      cache.put("none", principal("u1").copy().putNull("expiresAt"), cache.changes());
      cache.put("odd", principal("u1").copy().put("expiresAt", "tomorrow"), cache.changes());
      cache.put("past", principal("u1", clock.instant()), cache.changes());
      cache.put("nobody", principal("u1").copy().putNull("userId"), cache.changes());
      assertThat(cache.size()).isZero();

      PrincipalCache off = new PrincipalCache(Duration.ZERO, 3, clock);
      off.put("a", principal("u1"), off.changes());
      assertThat(off.enabled()).isFalse();
      assertThat(off.get("a")).isNull();
    }

    @Test
    @DisplayName("an announced change drops every token of that user and no one else's")
    void forget() {
      cache.put("a1", principal("u1"), cache.changes());
      cache.put("a2", principal("u1"), cache.changes());
      cache.put("b", principal("u2"), cache.changes());

      cache.forget("u1");

      assertThat(cache.get("a1")).isNull();
      assertThat(cache.get("a2")).isNull();
      assertThat(cache.get("b")).isNotNull();
      cache.forget(null);
      assertThat(cache.get("b")).as("an announcement naming no one drops everyone").isNull();
    }

    @Test
    @DisplayName("an answer to a lookup that began before an announced change is not kept (it may predate it)")
    void lookupAcrossAChange() {
      long atStart = cache.changes();
      cache.forget("someone-else");
      cache.put("a", principal("u1"), atStart);
      assertThat(cache.get("a")).isNull();

      cache.put("a", principal("u1"), cache.changes());
      assertThat(cache.get("a")).isNotNull();
    }

    @Test
    @DisplayName("at most maxEntries are kept, the least recently used go first, and leave no trace in the index")
    void bounded() {
      cache.put("a", principal("u1"), cache.changes());
      cache.put("b", principal("u2"), cache.changes());
      cache.put("c", principal("u3"), cache.changes());
      cache.get("a");
      cache.put("d", principal("u4"), cache.changes());

      assertThat(cache.size()).isEqualTo(3);
      assertThat(cache.get("b")).isNull();
      assertThat(cache.get("a")).isNotNull();
      cache.forget("u2");
      cache.forget("u1");
      assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    @DisplayName("what goes in and what comes out are copies: a request cannot change the kept principal")
    void copies() {
      JsonObject answered = principal("u1");
      cache.put("a", answered, cache.changes());
      answered.put("roles", new JsonArray().add("admin"));
      cache.get("a").getJsonArray("roles").add("admin");

      assertThat(cache.get("a").getJsonArray("roles")).isEqualTo(new JsonArray().add("player"));
    }
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2025-06-01T12:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Nested
  @DisplayName("ETags")
  class Etags {
    @Test
    @DisplayName("If-None-Match matches by weak comparison, in lists and with *")
    void matching() {
      assertThat(JsonReplies.matches("\"a\"", "\"a\"")).isTrue();
      assertThat(JsonReplies.matches("W/\"a\"", "\"a\"")).isTrue();
      assertThat(JsonReplies.matches("\"b\", \"a\"", "\"a\"")).isTrue();
      assertThat(JsonReplies.matches("*", "\"a\"")).isTrue();
      assertThat(JsonReplies.matches("\"b\"", "\"a\"")).isFalse();
      assertThat(JsonReplies.matches(null, "\"a\"")).isFalse();
    }
  }
}
