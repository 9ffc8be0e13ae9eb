package kstore.edge;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.impl.Utils;
import io.vertx.openapi.validation.ValidatorException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import kstore.contracts.ErrorCode;

/**
 * The JSON API under {@code /api/v1}: the hand-written OpenAPI document is both what clients read
 * ({@code GET /api/v1/openapi.yaml}) and what every request is validated against before it reaches a handler.
 */
final class ApiRouter {
  static final String DOCUMENT = "openapi/kstore-v1.yaml";
  static final String BASE = "/api/v1";
  private static final String OPERATION_KEY = "kstore.operation";
  private static final String DOCUMENT_PATH = "/openapi.yaml";
  private static final long FORM_LIMIT = 16 * 1024;

  private final OpenAPIContract contract;
  private final Buffer document;
  private final String documentEtag;
  private final Map<String, Authentication.Rule> rules;
  private final java.util.List<FormRoute> formRoutes;

  /** An operation taking an HTML form ({@code x-kstore-form: true}): routed and read by the edge itself. */
  record FormRoute(HttpMethod method, String path, String operationId) {
  }

  private ApiRouter(OpenAPIContract contract, Buffer document, Map<String, Authentication.Rule> rules,
                    java.util.List<FormRoute> formRoutes) {
    this.contract = contract;
    this.document = document;
    this.documentEtag = JsonReplies.strongEtag(document);
    this.rules = rules;
    this.formRoutes = formRoutes;
  }

  /** Each operation's authentication rule, from its {@code security} and {@code x-kstore-*} fields. */
  Map<String, Authentication.Rule> rules() {
    return rules;
  }

  /** Reads and checks the document (a broken one fails the deployment, naming the problem). */
  static Future<ApiRouter> load(Vertx vertx) {
    Map<String, Authentication.Rule> rules = new java.util.HashMap<>();
    java.util.List<FormRoute> forms = new java.util.ArrayList<>();
    return vertx.fileSystem().readFile(DOCUMENT).compose(yaml -> Utils.yamlStringToJson(yaml.toString(StandardCharsets.UTF_8))
        .compose(json -> {
          // The document says "servers: /api/v1" (relative, valid OpenAPI); the validator wants an absolute URL
          // to find the base path in, and only the path part of it matters. It also cannot describe a YAML
          // response, so the document's own path is served outside the validated routes.
          JsonObject forValidation = json.copy()
              .put("servers", new JsonArray().add(new JsonObject().put("url", "http://localhost" + BASE)));
          forValidation.getJsonObject("paths").remove(DOCUMENT_PATH);
          // Security is ours (Authentication, from these rules); the router builder would want its own handlers.
          rules.putAll(Authentication.rules(forValidation));
          // the validator cannot read forms: such operations are taken out and routed by the edge itself
          forms.addAll(formRoutes(forValidation));
          return OpenAPIContract.from(vertx, forValidation);
        })
        .map(contract -> new ApiRouter(contract, yaml, Map.copyOf(rules), java.util.List.copyOf(forms))));
  }

  private static java.util.List<FormRoute> formRoutes(JsonObject document) {
    java.util.List<FormRoute> found = new java.util.ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : java.util.List.copyOf(item.fieldNames())) {
        if (item.getValue(method) instanceof JsonObject op && Boolean.TRUE.equals(op.getValue("x-kstore-form"))) {
          found.add(new FormRoute(HttpMethod.valueOf(method.toUpperCase(java.util.Locale.ROOT)),
              path.replaceAll("\\{([^}]+)}", ":$1"), op.getString("operationId")));
          item.remove(method);
        }
      }
    }
    return found;
  }

  /** The parsed document the requests are validated against. */
  OpenAPIContract contract() {
    return contract;
  }

  /** The operation a request aims at (set for every API request by the precheck), or null. */
  static Operation operation(RoutingContext ctx) {
    return ctx.get(OPERATION_KEY);
  }

  /** The operation id a request path and method belong to, for metrics and logs, or null. */
  String operationOf(String path, HttpMethod method) {
    Operation op = contract.findOperation(path, method);
    return op == null ? null : op.getOperationId();
  }

  /** Mounts the API on {@code router}; {@code handlers} maps every operation id to its handler. */
  void mount(Vertx vertx, Router router, Map<String, Consumer<RoutingContext>> handlers, Authentication auth,
             long maxBodyBytes) {
    auth.rules(rules);
    router.get(BASE + DOCUMENT_PATH).handler(this::document);
    for (FormRoute form : formRoutes) {
      Consumer<RoutingContext> handler = handlers.get(form.operationId());
      if (handler == null) {
        throw new IllegalStateException("operations without a handler: [" + form.operationId() + "]");
      }
      router.route(form.method(), BASE + form.path())
          .handler(BodyHandler.create(false).setBodyLimit(FORM_LIMIT))
          .handler(ctx -> {
            AccessLog.route(ctx, form.operationId());
            handler.accept(ctx);
          });
    }
    router.route(BASE + "/*").handler(this::precheck);
    router.route(BASE + "/*").handler(this::contentType);
    router.route(BASE + "/*").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
    router.route(BASE + "/*").handler(this::jsonBody);
    router.route(BASE + "/*").handler(auth);
    router.route(BASE + "/*").subRouter(build(vertx, handlers));
  }

  private Router build(Vertx vertx, Map<String, Consumer<RoutingContext>> handlers) {
    StrictRequestExtractor extractor = new StrictRequestExtractor();
    PrecompiledRequestValidator validator = new PrecompiledRequestValidator(vertx, contract);
    RouterBuilder builder = RouterBuilder.create(vertx, contract, extractor);
    Set<String> missing = contract.operations().stream().map(Operation::getOperationId)
        .filter(id -> !handlers.containsKey(id)).collect(Collectors.toSet());
    if (!missing.isEmpty()) {
      throw new IllegalStateException("operations without a handler: " + missing);
    }
    for (OpenAPIRoute route : builder.getRoutes()) {
      String id = route.getOperation().getOperationId();
      // Authentication (security + x-kstore-roles of the operation) ran before, see Authentication.
      Operation operation = route.getOperation();
      // our validator replaces the library's (same rules, compiled once, on the event loop)
      route.setDoSecurity(false).setDoValidation(false)
          .addHandler(ctx -> validate(ctx, extractor, validator, operation))
          .addHandler(handlers.get(id)::accept);
    }
    return builder.createRouter();
  }

  private static void validate(RoutingContext ctx, StrictRequestExtractor extractor,
                               PrecompiledRequestValidator validator, Operation operation) {
    extractor.extractValidatableRequest(ctx, operation)
        .compose(request -> validator.validate(request, operation.getOperationId()))
        .onSuccess(validated -> {
          ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
          ctx.next();
        })
        .onFailure(e -> ctx.fail(e instanceof ValidatorException
            ? new HttpException(400, e.getMessage(), e) : e));
  }

  /** Strict query decoding for every API call, and the operation the request aims at. */
  private void precheck(RoutingContext ctx) {
    StrictRequestExtractor.query(ctx);
    Operation op = contract.findOperation(ctx.request().path(), ctx.request().method());
    if (op != null) {
      ctx.put(OPERATION_KEY, op);
      AccessLog.route(ctx, op.getOperationId());
    }
    ctx.next();
  }

  /** Operations with a body take JSON in UTF-8 only; checked before the body is read. */
  private void contentType(RoutingContext ctx) {
    Operation op = ctx.get(OPERATION_KEY);
    if (op == null || op.getRequestBody() == null) {
      ctx.next();
      return;
    }
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type == null || type.isBlank()) {
      String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
      if ("0".equals(length) || length == null && !ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
        throw EdgeException.invalid("A JSON body is required");
      }
      throw new EdgeException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The request body must be application/json");
    }
    String[] parts = type.split(";");
    String media = parts[0].trim().toLowerCase();
    boolean utf8 = true;
    for (int i = 1; i < parts.length; i++) {
      String param = parts[i].trim().toLowerCase();
      if (param.startsWith("charset=")) {
        String charset = param.substring(8).replace("\"", "");
        utf8 = charset.equals("utf-8") || charset.equals("utf8");
      }
    }
    if (!media.equals("application/json") || !utf8) {
      throw new EdgeException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "The request body must be application/json in UTF-8, got: " + type);
    }
    ctx.next();
  }

  /** The body is UTF-8 and one JSON object, with a message that says which of the two it is not. */
  private void jsonBody(RoutingContext ctx) {
    Operation op = ctx.get(OPERATION_KEY);
    if (op == null || op.getRequestBody() == null) {
      ctx.next();
      return;
    }
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw EdgeException.invalid("A JSON body is required");
    }
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body.getBytes()));
    } catch (CharacterCodingException e) {
      throw EdgeException.invalid("The request body is not valid UTF-8");
    }
    Object parsed;
    try {
      parsed = body.toJsonValue();
    } catch (DecodeException e) {
      throw EdgeException.invalid("The request body is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (!(parsed instanceof JsonObject)) {
      throw EdgeException.invalid("The request body must be a JSON object");
    }
    ctx.next();
  }

  private void document(RoutingContext ctx) {
    AccessLog.route(ctx, "getOpenApi");
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8")
        .putHeader(HttpHeaders.ETAG, documentEtag)
        .putHeader(HttpHeaders.CACHE_CONTROL, Storefront.ASSET_CACHE);
    if (JsonReplies.matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), documentEtag)) {
      ctx.response().setStatusCode(304).end();
    } else {
      ctx.response().end(document);
    }
  }

  /** Answers the router's own 404/405 for API paths, with the methods a path does allow. */
  void notAllowed(RoutingContext ctx) {
    Path path = contract.findPath(ctx.request().path());
    if (path != null) {
      ctx.response().putHeader(HttpHeaders.ALLOW, path.getOperations().stream()
          .map(o -> o.getHttpMethod().name()).sorted().collect(Collectors.joining(", ")));
    }
    ApiErrors.send(ctx, 405, ErrorCode.VALIDATION,
        "Method " + ctx.request().method() + " is not allowed on " + ctx.request().path());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
