package kstore.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import kstore.contracts.catalog.CatalogAddresses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The caller's country and language are resolved and forwarded")
class CallerResolutionTest {
  private TestStack stack;

  @BeforeEach
  void setUp() {
    stack = TestStack.get();
  }

  @ParameterizedTest(name = "country={0}, X-Country={1}, lang={2}, Accept-Language={3} -> {4}/{5}")
  @DisplayName("country: parameter, then the trusted header, then the default; language: parameter, then "
      + "Accept-Language, then the country's own")
  @CsvSource(nullValues = "-", value = {
      "-,  -,  -,  -,                            US, en",
      "kr, -,  -,  -,                            KR, ko",
      "KR, JP, -,  -,                            KR, ko",
      "-,  JP, -,  -,                            JP, ja",
      "-,  jp, -,  -,                            JP, ja",
      "-,  XX, -,  -,                            US, en",
      "-,  T1, -,  -,                            US, en",
      "-,  -,  -,  'zh-TW,zh;q=0.9,en;q=0.8',    US, zh",
      "-,  -,  -,  'fr-FR,fr;q=0.9,ko;q=0.5',    US, ko",
      "-,  -,  -,  'fr-FR,de;q=0.9',             US, en",
      "DE, -,  -,  'en;q=0.2,ja;q=0.7',          DE, ja",
      "JP, -,  en, 'ko',                         JP, en",
      "GR, -,  -,  -,                            GR, en",
  })
  void resolution(String country, String header, String lang, String acceptLanguage, String expectedCountry,
                  String expectedLang) {
    StringBuilder uri = new StringBuilder("/api/v1/home?x=1");
    if (country != null) {
      uri.append("&country=").append(country);
    }
    if (lang != null) {
      uri.append("&lang=").append(lang);
    }
    HttpRequest<Buffer> request = stack.client.get(uri.toString());
    if (header != null) {
      request.putHeader("X-Country", header);
    }
    if (acceptLanguage != null) {
      request.putHeader("Accept-Language", acceptLanguage);
    }

    assertThat(TestStack.send(request).statusCode()).isEqualTo(200);
    assertThat(stack.catalog.only(CatalogAddresses.HOME).body())
        .isEqualTo(new JsonObject().put("lang", expectedLang).put("country", expectedCountry));
  }
}
