package kstore.launcher;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Response;
import io.vertx.openapi.impl.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The OpenAPI document as outside clients read it: a test checks that what the store really answers matches the
 * response schema the document promises for that operation and status (so the document cannot drift from the API).
 */
final class ApiContract {
  private static OpenAPIContract contract;
  private static Vertx vertx;

  private ApiContract() {
  }

  /** Fails the test when {@code body} does not match the operation's JSON schema for {@code status}. */
  static void assertMatches(String operationId, int status, Object body) {
    OpenAPIContract c = contract();
    Operation op = c.operation(operationId);
    if (op == null) {
      throw new AssertionError("no operation " + operationId + " in the OpenAPI document");
    }
    Response response = op.getResponse(status);
    if (response == null) {
      throw new AssertionError(operationId + " documents no " + status + " answer, but the store gave one: " + body);
    }
    MediaType json = response.getContent().get("application/json");
    if (json == null || json.getSchema() == null) {
      throw new AssertionError(operationId + " " + status + " documents no JSON schema");
    }
    OutputUnit result = c.getSchemaRepository().validator(json.getSchema()).validate(body);
    try {
      result.checkValidity();
    } catch (JsonSchemaValidationException e) {
      throw new AssertionError(operationId + " " + status + " answered what its schema does not allow: "
          + e.getMessage() + " at " + e.location() + " (" + result.getErrors() + ")\n" + body, e);
    }
  }

  private static synchronized OpenAPIContract contract() {
    if (contract == null) {
      vertx = Vertx.vertx();
      String yaml;
      try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream("openapi/kstore-v1.yaml")) {
        yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException | NullPointerException e) {
        throw new IllegalStateException("the edge's OpenAPI document is not on the classpath", e);
      }
      try {
        JsonObject doc = Utils.yamlStringToJson(yaml).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        // as the edge loads it: an absolute server URL for the parser, form operations (not JSON) left out
        doc.put("servers", new JsonArray().add(new JsonObject().put("url", "http://localhost/api/v1")));
        doc.getJsonObject("paths").remove("/openapi.yaml");
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : java.util.List.copyOf(paths.fieldNames())) {
          JsonObject item = paths.getJsonObject(path);
          for (String method : java.util.List.copyOf(item.fieldNames())) {
            if (item.getValue(method) instanceof JsonObject op && Boolean.TRUE.equals(op.getValue("x-kstore-form"))) {
              item.remove(method);
            }
            if (item.getValue(method) instanceof JsonObject op) {
              op.remove("security");
            }
          }
          if (item.isEmpty()) {
            paths.remove(path);
          }
        }
        contract = OpenAPIContract.from(vertx, doc).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("the OpenAPI document does not load: " + e, e);
      }
    }
    return contract;
  }
}
