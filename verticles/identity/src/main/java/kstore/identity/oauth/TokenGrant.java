package kstore.identity.oauth;

import io.vertx.core.json.JsonObject;

/**
 * What a token exchange needs: the code from the callback, the redirect URI and PKCE verifier from the
 * start of the flow, the state, and every callback parameter (VK ID sends {@code device_id}, Apple {@code user}).
 */
public record TokenGrant(String code, String redirectUri, String verifier, String state, JsonObject params) {
}
