package kstore.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.impl.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.StreamSupport;
import kstore.contracts.ErrorCode;
import kstore.contracts.catalog.CatalogLimits;
import kstore.contracts.catalog.GameStatus;
import kstore.contracts.catalog.SortKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The document is written by hand; these checks keep it in step with the contracts module. */
@DisplayName("The OpenAPI document agrees with the contracts")
class OpenApiDocumentTest {
  private static JsonObject doc;

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream(ApiRouter.DOCUMENT)) {
      doc = TestStack.await(Utils.yamlStringToJson(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
  }

  private static JsonObject schema(String name) {
    return doc.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
  }

  private static JsonObject parameter(String path, String name) {
    JsonArray params = doc.getJsonObject("paths").getJsonObject(path).getJsonObject("get").getJsonArray("parameters");
    return StreamSupport.stream(params.spliterator(), false).map(JsonObject.class::cast)
        .map(p -> p.containsKey("$ref") ? doc.getJsonObject("components").getJsonObject("parameters")
            .getJsonObject(p.getString("$ref").substring("#/components/parameters/".length())) : p)
        .filter(p -> p.getString("name").equals(name)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("sort keys, languages, game states and error codes are the contracts' values")
  void enums() {
    assertThat(schema("SortKey").getJsonArray("enum").getList())
        .containsExactlyElementsOf(Arrays.stream(SortKey.values()).map(SortKey::wire).toList());
    assertThat(schema("Lang").getJsonArray("enum").getList()).containsExactlyElementsOf(CatalogLimits.LANGUAGES);
    assertThat(schema("GameStatus").getJsonArray("enum").getList())
        .containsExactlyElementsOf(Arrays.stream(GameStatus.values()).map(GameStatus::wire).toList());
    assertThat(schema("Error").getJsonObject("properties").getJsonObject("error").getJsonArray("enum").getList())
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
  }

  @Test
  @DisplayName("query length, page size and suggestion count limits are the contracts' limits")
  void limits() {
    assertThat(parameter("/games", "q").getJsonObject("schema").getInteger("maxLength"))
        .isEqualTo(CatalogLimits.MAX_QUERY_LENGTH);
    assertThat(parameter("/search/suggest", "q").getJsonObject("schema").getInteger("maxLength"))
        .isEqualTo(CatalogLimits.MAX_QUERY_LENGTH);
    assertThat(parameter("/games", "size").getJsonObject("schema").getInteger("maximum"))
        .isEqualTo(CatalogLimits.MAX_PAGE_SIZE);
    assertThat(parameter("/games", "size").getJsonObject("schema").getInteger("default"))
        .isEqualTo(CatalogLimits.DEFAULT_PAGE_SIZE);
    assertThat(parameter("/search/suggest", "size").getJsonObject("schema").getInteger("maximum"))
        .isEqualTo(CatalogLimits.MAX_SUGGESTIONS);
    assertThat(parameter("/games", "page").getJsonObject("schema").getInteger("maximum"))
        .isEqualTo(CatalogLimits.MAX_RESULT_WINDOW);
  }

  @Test
  @DisplayName("the schemas of the contracts README are all described, with examples")
  void schemas() {
    assertThat(doc.getJsonObject("components").getJsonObject("schemas").fieldNames())
        .contains("GameSummary", "GameDetail", "SearchResult", "Error", "GameInput", "GameUpdate", "Suggestions",
            "Home", "StoreContext", "AuditTrail");
    assertThat(doc.getJsonObject("components").getJsonObject("examples").fieldNames())
        .contains("GameInput", "GameDetail", "SearchResult");
  }
}
