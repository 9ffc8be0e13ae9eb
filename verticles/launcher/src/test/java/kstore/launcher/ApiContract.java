package kstore.launcher;

import io.vertx.core.Vertx;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Response;
import java.util.concurrent.TimeUnit;
import kstore.edge.ApiDocument;

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
      try {
        contract = ApiDocument.contract(vertx).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("the OpenAPI document does not load: " + e, e);
      }
    }
    return contract;
  }
}
