package kstore.edge;

import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Makes schema failures say what is wrong. The validator names the last error it collected, which for a body is
 * usually the unhelpful "Property x does not match additional properties schema"; the assertion that failed
 * deepest in the document ("99 is greater than 95 at discount.percent") is what a client needs.
 */
final class ValidationMessages {
  /** Keywords that only say "something below failed". */
  private static final Set<String> WRAPPERS =
      Set.of("properties", "additionalProperties", "$ref", "oneOf", "anyOf", "allOf", "items", "prefixItems");

  private ValidationMessages() {
  }

  static String of(ValidatorException e) {
    String message = e.getMessage();
    if (!(e instanceof SchemaValidationException schema) || schema.getOutputUnit() == null || message == null) {
      return message;
    }
    int reason = message.indexOf("Reason: ");
    String prefix = reason < 0 ? message + " Reason: " : message.substring(0, reason + "Reason: ".length());
    String better = reason(schema.getOutputUnit());
    return better == null ? message : prefix + better;
  }

  static String reason(OutputUnit root) {
    List<OutputUnit> all = new ArrayList<>();
    flatten(root, all);
    OutputUnit best = null;
    for (OutputUnit unit : all) {
      if (unit.getError() == null || WRAPPERS.contains(keyword(unit))) {
        continue;
      }
      if (best == null || depth(unit) > depth(best)) {
        best = unit;
      }
    }
    if (best == null) {
      for (OutputUnit unit : all) {
        if ("additionalProperties".equals(keyword(unit))) {
          return "unknown property " + where(unit);
        }
      }
      return null;
    }
    String at = where(best);
    return best.getError() + (at.isEmpty() ? "" : " at " + at);
  }

  private static void flatten(OutputUnit unit, List<OutputUnit> into) {
    into.add(unit);
    if (unit.getErrors() != null) {
      unit.getErrors().forEach(child -> flatten(child, into));
    }
  }

  private static String keyword(OutputUnit unit) {
    String location = unit.getKeywordLocation();
    return location == null ? "" : location.substring(location.lastIndexOf('/') + 1);
  }

  private static int depth(OutputUnit unit) {
    String location = unit.getInstanceLocation();
    return location == null ? 0 : (int) location.chars().filter(c -> c == '/').count();
  }

  /** "#/discount/percent" as "discount.percent". */
  private static String where(OutputUnit unit) {
    String location = unit.getInstanceLocation();
    if (location == null || location.length() <= 2) {
      return "";
    }
    return location.substring(2).replace('/', '.');
  }
}
