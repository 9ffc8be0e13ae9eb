package kstore.checkout.payments;

/**
 * Where one payment provider's API is and the secret key we call it with.
 *
 * @param name       the provider name ({@code payments.providers.<name>})
 * @param url        base URL, without a trailing slash (paths such as {@code /v1/payment_intents} are appended)
 * @param secretKey  sent as {@code Authorization: Bearer}; never logged
 * @param timeoutMs  how long one call may wait for the provider before its outcome is UNKNOWN
 * @param sandbox    whether this is the shared sandbox fallback rather than the provider's own endpoint
 */
public record ProviderEndpoint(String name, String url, String secretKey, long timeoutMs, boolean sandbox) {

  public ProviderEndpoint {
    url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public String toString() {
    return "ProviderEndpoint[" + name + ", " + url + (sandbox ? " (sandbox)" : "") + ", timeoutMs=" + timeoutMs
        + ", secretKey=" + (secretKey == null ? "absent" : "present") + "]";
  }
}
