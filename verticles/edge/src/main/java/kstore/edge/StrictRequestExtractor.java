package kstore.edge;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestUtils;
import io.vertx.openapi.validation.ValidatableRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Hands the OpenAPI validator the request's parameters decoded exactly once and strictly.
 *
 * <p>The stock extractor decodes query values a second time (so "100%" fails and "c++" becomes "c  ") and lets
 * the transformer read string values as JSON (so "1.5" or "[x]" stop being strings). Here string values are passed
 * as JSON string literals, which the transformer decodes back to exactly what the caller sent, and values that are
 * not UTF-8 or have broken escapes fail with a 400 before validation.
 */
final class StrictRequestExtractor implements RequestExtractor {
  private static final String QUERY_KEY = "kstore.query";

  /** The strictly decoded query string of this request (parsed once, kept on the context). */
  static Map<String, List<String>> query(RoutingContext ctx) {
    Map<String, List<String>> query = ctx.get(QUERY_KEY);
    if (query == null) {
      query = QueryString.parse(ctx.request().query());
      ctx.put(QUERY_KEY, query);
    }
    return query;
  }

  @Override
  public Future<ValidatableRequest> extractValidatableRequest(RoutingContext ctx, Operation operation) {
    try {
      Map<String, List<String>> query = query(ctx);
      Map<String, RequestParameter> queryParams = new HashMap<>();
      Map<String, RequestParameter> pathParams = new HashMap<>();
      Map<String, RequestParameter> headers = new HashMap<>();
      for (Parameter param : operation.getParameters()) {
        switch (param.getIn()) {
          case QUERY -> queryParams.put(param.getName(), queryValue(param, query.get(param.getName())));
          case PATH -> pathParams.put(param.getName(), pathValue(ctx, operation, param));
          case HEADER -> headers.put(param.getName(), value(ctx.request().getHeader(param.getName())));
          default -> {
            // cookies are not part of this API
          }
        }
      }
      Buffer body = operation.getRequestBody() == null || ctx.body() == null ? null : ctx.body().buffer();
      String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
      return Future.succeededFuture(new Extracted(Map.of(), headers, pathParams, queryParams,
          body == null ? null : value(body), contentType));
    } catch (EdgeException e) {
      return Future.failedFuture(e);
    }
  }

  private static RequestParameter queryValue(Parameter param, List<String> values) {
    List<String> present = values == null ? List.of() : values.stream().filter(v -> !v.isEmpty()).toList();
    if (present.isEmpty()) {
      return value(null);
    }
    if (param.getSchemaType() == SchemaType.ARRAY) {
      // Form style, exploded: "name=<item>&name=<item>"; items are JSON strings with '&' escaped so no value
      // can forge a separator.
      String prefix = param.getName() + "=";
      return value(present.stream().map(v -> prefix + jsonString(v)).collect(Collectors.joining("&")));
    }
    if (present.size() > 1) {
      throw EdgeException.invalid("The query parameter " + param.getName() + " may be given only once");
    }
    return value(primitive(param, present.get(0)));
  }

  private static RequestParameter pathValue(RoutingContext ctx, Operation operation, Parameter param) {
    int segment = RequestUtils.findPathSegment(operation.getAbsoluteOpenAPIPath(), param.getName());
    String[] segments = ctx.request().path().substring(1).split("/");
    if (segments.length < segment) {
      return value(null);
    }
    return value(primitive(param, QueryString.decodeSegment(segments[segment - 1])));
  }

  private static String primitive(Parameter param, String raw) {
    return param.getSchemaType() == SchemaType.STRING ? jsonString(raw) : raw;
  }

  private static String jsonString(String raw) {
    return Json.encode(raw).replace("&", "\\u0026");
  }

  private static RequestParameter value(Object v) {
    return () -> v;
  }

  private record Extracted(Map<String, RequestParameter> getCookies, Map<String, RequestParameter> getHeaders,
                           Map<String, RequestParameter> getPathParameters, Map<String, RequestParameter> getQuery,
                           RequestParameter getBody, String getContentType) implements ValidatableRequest {
  }
}
