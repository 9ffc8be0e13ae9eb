package kstore.edge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;

/**
 * The API's OpenAPI document, read exactly as the edge validates requests with it (the same transformations as
 * {@link ApiRouter}): for tools and tests that check what the store answers against what the document promises.
 */
public final class ApiDocument {
  private ApiDocument() {
  }

  /** Reads and parses the document; fails naming the problem when it is broken. */
  public static Future<OpenAPIContract> contract(Vertx vertx) {
    return ApiRouter.load(vertx).map(ApiRouter::contract);
  }
}
