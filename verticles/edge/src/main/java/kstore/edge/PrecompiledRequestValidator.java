package kstore.edge;

import static io.vertx.openapi.validation.SchemaValidationException.createErrorFromOutputUnitType;
import static io.vertx.openapi.validation.SchemaValidationException.createInvalidValueBody;
import static io.vertx.openapi.validation.ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT;
import static io.vertx.openapi.validation.ValidatorException.createMissingRequiredParameter;
import static io.vertx.openapi.validation.ValidatorException.createOperationIdInvalid;
import static io.vertx.openapi.validation.ValidatorException.createUnsupportedValueFormat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidationContext;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.analyser.ContentAnalyser;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates requests against the OpenAPI document exactly as vertx-openapi's own validator does, but with
 * each parameter's and each request body media type's JSON-schema validator compiled once and reused, and on
 * the calling event loop.
 *
 * <p>Why: vertx-openapi 5.0.7 builds a new schema validator (copying the schema repository's maps) for every
 * parameter and every body of every request and runs the whole validation as a blocking task on a worker thread;
 * profiled, that was most of the edge's CPU for a game-detail request, and building the body validators alone was
 * ~15% of the store's CPU under checkout load (sign-up, quotes, orders and webhooks all carry bodies; see
 * perf/README.md, "Checkout vs pgbench"). Compiled validators make these checks a few microseconds, which belongs
 * on the event loop.
 */
final class PrecompiledRequestValidator extends RequestValidatorImpl {
  private final Map<Style, ParameterTransformer> transformers = new EnumMap<>(Style.class);
  private final Map<Parameter, Validator> validators = new ConcurrentHashMap<>();
  /** By media type object (identity: the contract's objects live as long as the contract). */
  private final Map<MediaType, Validator> bodyValidators = new ConcurrentHashMap<>();

  PrecompiledRequestValidator(Vertx vertx, OpenAPIContract contract) {
    super(vertx, contract);
    transformers.put(Style.SIMPLE, new SimpleTransformer());
    transformers.put(Style.LABEL, new LabelTransformer());
    transformers.put(Style.MATRIX, new MatrixTransformer());
    transformers.put(Style.FORM, new FormTransformer());
    for (Operation op : contract.operations()) {
      for (Parameter p : op.getParameters()) {
        validators.put(p, contract.getSchemaRepository().validator(p.getSchema()));
      }
      if (op.getRequestBody() != null) {
        for (MediaType type : op.getRequestBody().getContent().values()) {
          if (isSchemaValidationRequired(type)) {
            bodyValidators.put(type, contract.getSchemaRepository().validator(type.getSchema()));
          }
        }
      }
    }
  }

  /** The library's body validation (syntax check, transform, schema) with the media type's compiled validator. */
  @Override
  protected RequestParameterImpl validate(MediaType mediaType, String contentType, Buffer rawContent,
                                          ValidationContext requestOrResponse) {
    ContentAnalyser analyser = mediaType == null ? null
        : ContentAnalyser.getContentAnalyser(mediaType, contentType, rawContent, requestOrResponse);
    if (analyser == null) {
      throw new ValidatorException("The format of the " + requestOrResponse + " body is not supported",
          UNSUPPORTED_VALUE_FORMAT);
    }
    analyser.checkSyntacticalCorrectness();
    if (!isSchemaValidationRequired(mediaType)) {
      return new RequestParameterImpl(rawContent);
    }
    Object transformed = analyser.transform();
    OutputUnit result = bodyValidators.computeIfAbsent(mediaType,
        t -> contract.getSchemaRepository().validator(t.getSchema())).validate(transformed);
    try {
      result.checkValidity();
      return new RequestParameterImpl(transformed);
    } catch (JsonSchemaValidationException e) {
      throw createInvalidValueBody(result, requestOrResponse, e);
    }
  }

  @Override
  public Future<ValidatedRequest> validate(ValidatableRequest request, String operationId) {
    Operation operation = contract.operation(operationId);
    if (operation == null) {
      return Future.failedFuture(createOperationIdInvalid(operationId));
    }
    try {
      Map<String, RequestParameter> cookies = new HashMap<>();
      Map<String, RequestParameter> headers = new HashMap<>();
      Map<String, RequestParameter> path = new HashMap<>();
      Map<String, RequestParameter> query = new HashMap<>();
      for (Parameter param : operation.getParameters()) {
        switch (param.getIn()) {
          case COOKIE -> cookies.put(param.getName(), validateParameter(param, request.getCookies().get(param.getName())));
          case HEADER -> headers.put(param.getName(), validateParameter(param, request.getHeaders().get(param.getName())));
          case PATH -> path.put(param.getName(), validateParameter(param, request.getPathParameters().get(param.getName())));
          case QUERY -> query.put(param.getName(), validateParameter(param, request.getQuery().get(param.getName())));
          default -> throw createUnsupportedValueFormat(param);
        }
      }
      RequestParameter body = validateBody(operation.getRequestBody(), request);
      return Future.succeededFuture(new ValidatedRequestImpl(cookies, headers, path, query, body));
    } catch (ValidatorException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public RequestParameter validateParameter(Parameter parameter, RequestParameter value) throws ValidatorException {
    if (value == null || value.isNull()) {
      if (parameter.isRequired()) {
        throw createMissingRequiredParameter(parameter);
      }
      return new RequestParameterImpl(null);
    }
    ParameterTransformer transformer = transformers.get(parameter.getStyle());
    if (transformer == null) {
      throw createUnsupportedValueFormat(parameter);
    }
    Object transformed = transformer.transform(parameter, String.valueOf(value.get()));
    Validator validator = validators.computeIfAbsent(parameter,
        p -> contract.getSchemaRepository().validator(p.getSchema()));
    OutputUnit result = validator.validate(transformed);
    try {
      result.checkValidity();
      return new RequestParameterImpl(transformed);
    } catch (JsonSchemaValidationException e) {
      throw createErrorFromOutputUnitType(parameter, result, e);
    }
  }
}
