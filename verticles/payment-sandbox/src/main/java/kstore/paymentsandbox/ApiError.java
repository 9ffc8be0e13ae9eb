package kstore.paymentsandbox;

import io.vertx.core.json.JsonObject;

/** A refused API call, answered as {@code {"error":{"type","code"?,"param"?,"message"}}} with its HTTP status. */
final class ApiError extends RuntimeException {

    private final int status;
    private final String type;
    private final String code;
    private final String param;

    ApiError(int status, String type, String code, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    /** 400 invalid_request_error with a code and, when one parameter is at fault, its name. */
    static ApiError invalid(String code, String param, String message) {
        return new ApiError(400, "invalid_request_error", code, param, message);
    }

    static ApiError missing(String param) {
        return invalid("parameter_missing", param, "missing required parameter: " + param);
    }

    static ApiError notFound(String what, String id) {
        return new ApiError(404, "invalid_request_error", "resource_missing", null, "no such " + what + ": " + id);
    }

    Reply reply() {
        JsonObject error = new JsonObject().put("type", type);
        if (code != null) {
            error.put("code", code);
        }
        if (param != null) {
            error.put("param", param);
        }
        error.put("message", getMessage());
        return Reply.json(status, new JsonObject().put("error", error));
    }
}
