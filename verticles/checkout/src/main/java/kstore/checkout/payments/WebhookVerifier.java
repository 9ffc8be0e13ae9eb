package kstore.checkout.payments;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import kstore.contracts.ErrorCode;
import kstore.contracts.ServiceError;

/**
 * Checks a provider webhook: {@code Sandbox-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>}
 * (Stripe's scheme; several {@code v1} entries are allowed during secret rotation). The HMAC is compared in constant
 * time, timestamps more than the tolerance (300 s) away from our clock are refused, so a captured request cannot be
 * replayed later; replays within the window are stopped by the caller through {@link HandledWebhookEvents}.
 *
 * <p>Usage: {@code WebhookEvent e = verifier.verify(header, rawBody)}, then {@code handled.firstTime(e)} in the
 * transaction that applies {@code e}; answer 2xx for duplicates too.
 */
public final class WebhookVerifier {
  /** The header the sandbox signs with. */
  public static final String HEADER = "Sandbox-Signature";
  /** How far from our clock a signature timestamp may be. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);

  private final byte[] secret;
  private final Clock clock;
  private final Duration tolerance;

  /** A verifier for one endpoint secret ({@code whsec_…}) with the default tolerance. */
  public WebhookVerifier(String secret, Clock clock) {
    this(secret, clock, DEFAULT_TOLERANCE);
  }

  public WebhookVerifier(String secret, Clock clock, Duration tolerance) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("webhook secret is required");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
    this.tolerance = tolerance;
  }

  /**
   * The event, when the signature matches the raw body (exactly the bytes received: never re-encoded JSON) and the
   * timestamp is fresh; otherwise throws {@code ServiceError.of(UNAUTHENTICATED, …)} (VALIDATION for a signed body
   * that is not an event). Answer 400/401 on failure so the sender's retries stop only for genuine events.
   */
  public WebhookEvent verify(String signatureHeader, Buffer rawBody) throws ReplyException {
    if (signatureHeader == null || signatureHeader.isBlank()) {
      throw ServiceError.of(ErrorCode.UNAUTHENTICATED, "webhook without " + HEADER + " header");
    }
    Long timestamp = null;
    List<byte[]> signatures = new ArrayList<>();
    for (String part : signatureHeader.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = part.substring(0, eq).trim();
      String value = part.substring(eq + 1).trim();
      if (key.equals("t")) {
        try {
          timestamp = Long.parseLong(value);
        } catch (NumberFormatException e) {
          throw ServiceError.of(ErrorCode.UNAUTHENTICATED, "webhook signature timestamp is not a number");
        }
      } else if (key.equals("v1")) {
        try {
          signatures.add(HexFormat.of().parseHex(value));
        } catch (IllegalArgumentException e) {
          // a malformed entry is simply not a match
        }
      }
    }
    if (timestamp == null || signatures.isEmpty()) {
      throw ServiceError.of(ErrorCode.UNAUTHENTICATED, "webhook signature lacks t= or v1=");
    }
    byte[] expected = hmac(timestamp + ".", rawBody);
    boolean match = false;
    for (byte[] candidate : signatures) {
      // no early exit: every candidate is compared in constant time
      match |= MessageDigest.isEqual(expected, candidate);
    }
    if (!match) {
      throw ServiceError.of(ErrorCode.UNAUTHENTICATED, "webhook signature does not match");
    }
    long skew = Math.abs(clock.instant().getEpochSecond() - timestamp);
    if (skew > tolerance.getSeconds()) {
      throw ServiceError.of(ErrorCode.UNAUTHENTICATED, "webhook timestamp is " + skew + " s away from now (tolerance "
          + tolerance.getSeconds() + " s)");
    }
    JsonObject body;
    try {
      body = new JsonObject(rawBody);
    } catch (DecodeException | ClassCastException e) {
      throw ServiceError.of(ErrorCode.VALIDATION, "webhook body is not a JSON object");
    }
    String id = body.getString("id");
    String type = body.getString("type");
    JsonObject data = body.getValue("data") instanceof JsonObject d ? d : null;
    JsonObject object = data != null && data.getValue("object") instanceof JsonObject o ? o : null;
    if (id == null || id.isBlank() || type == null || object == null) {
      throw ServiceError.of(ErrorCode.VALIDATION, "webhook event lacks id, type or data.object");
    }
    Instant created = Instants.parse(body.getValue("created"));
    return new WebhookEvent(id, type, created, object);
  }

  /** The header value a provider would send for this body at this time (tests and the dev sandbox). */
  public String sign(Buffer rawBody, long unixSeconds) {
    return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(hmac(unixSeconds + ".", rawBody));
  }

  private byte[] hmac(String prefix, Buffer body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update(prefix.getBytes(StandardCharsets.UTF_8));
      mac.update(body.getBytes());
      return mac.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
