package kstore.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
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
