package kstore.identity.oauth;

import java.util.Map;

/** The adapters by name; a provider without {@code adapter} uses {@link #STANDARD}. */
public final class Adapters {
  private Adapters() {
  }

  /** Standard OpenID Connect or OAuth 2.0: no departures. */
  public static final ProviderAdapter STANDARD = () -> "standard";

  private static final Map<String, ProviderAdapter> BY_NAME = Map.of(
      "kakao", new KakaoAdapter(),
      "naver", new NaverAdapter(),
      "wechat", new WeChatAdapter(),
      "line", new LineAdapter(),
      "vk", new VkAdapter(),
      "facebook", new FacebookAdapter(),
      "apple", new AppleAdapter());

  /** The adapter with this name ({@code null} is the standard one); unknown names fail listing the known ones. */
  public static ProviderAdapter named(String name) {
    if (name == null) {
      return STANDARD;
    }
    ProviderAdapter a = BY_NAME.get(name);
    if (a == null) {
      throw new IllegalArgumentException("unknown adapter '" + name + "' (known: " + new java.util.TreeSet<>(BY_NAME.keySet()) + ")");
    }
    return a;
  }
}
