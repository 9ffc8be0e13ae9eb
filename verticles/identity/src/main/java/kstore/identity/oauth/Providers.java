package kstore.identity.oauth;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import kstore.platform.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The social-login providers of this store: the file {@code identity.providersFile} (default
 * {@code conf/identity-providers.json}) with the entries of {@code identity.providers} merged over it by id,
 * so a deployment or a test adds or completes a provider with configuration alone.
 */
public final class Providers {
  private static final Logger LOG = LoggerFactory.getLogger(Providers.class);
  /** Where the provider list lives unless {@code identity.providersFile} says otherwise. */
  public static final String DEFAULT_FILE = "conf/identity-providers.json";

  private final List<ProviderConfig> all;

  private Providers(List<ProviderConfig> all) {
    this.all = List.copyOf(all);
    for (ProviderConfig p : all) {
      if (!p.configured()) {
        LOG.info("social login '{}' is hidden: no client id or secret configured", p.id());
      }
    }
  }

  /** These providers, in this order. */
  public static Providers of(List<ProviderConfig> providers) {
    return new Providers(providers);
  }

  /** Reads the file and the config entries; secrets named by {@code ...Env} keys come from {@code env}. */
  public static Providers load(JsonObject conf, Map<String, String> env) {
    JsonObject identity = StoreConfig.section(conf, "identity");
    Object fileKey = identity.getValue("providersFile", DEFAULT_FILE);
    if (!(fileKey instanceof String file)) {
      throw new IllegalArgumentException("config key 'identity.providersFile' must be a path");
    }
    Map<String, JsonObject> byId = new LinkedHashMap<>();
    if (!file.isBlank()) {
      JsonArray fromFile;
      try {
        Object parsed = new JsonObject("{\"p\":" + StoreConfig.readText(file) + "}").getValue("p");
        if (!(parsed instanceof JsonArray a)) {
          throw new IllegalArgumentException("provider file " + file + " must hold a JSON array");
        }
        fromFile = a;
      } catch (DecodeException e) {
        throw new IllegalArgumentException("provider file " + file + " is not valid JSON: " + e.getMessage(), e);
      }
      merge(byId, fromFile, file);
    }
    Object extra = identity.getValue("providers");
    if (extra != null && !(extra instanceof JsonArray)) {
      throw new IllegalArgumentException("config key 'identity.providers' must be an array of provider objects");
    }
    merge(byId, (JsonArray) extra, "config key 'identity.providers'");
    List<ProviderConfig> parsed = new ArrayList<>();
    for (JsonObject entry : byId.values()) {
      parsed.add(ProviderConfig.from(entry, env));
    }
    return new Providers(parsed);
  }

  private static void merge(Map<String, JsonObject> byId, JsonArray entries, String source) {
    if (entries == null) {
      return;
    }
    for (Object o : entries) {
      if (!(o instanceof JsonObject entry) || !(entry.getValue("id") instanceof String id)) {
        throw new IllegalArgumentException(source + ": every provider must be an object with a string 'id'");
      }
      JsonObject base = byId.get(id);
      byId.put(id, base == null ? entry.copy() : StoreConfig.deepMerge(base, entry));
    }
  }

  /** Every provider, configured or not. */
  public List<ProviderConfig> all() {
    return all;
  }

  /** The configured provider with this id. */
  public Optional<ProviderConfig> configured(String id) {
    return all.stream().filter(p -> p.id().equals(id) && p.configured()).findFirst();
  }

  /**
   * The configured providers as {@code [{id, name, kind, first}]}: those that list {@code country} first
   * ({@code first: true}), then the others, each group in file order.
   */
  public JsonArray forCountry(String country) {
    String cc = country == null ? "" : country.toUpperCase(Locale.ROOT);
    JsonArray firsts = new JsonArray();
    JsonArray others = new JsonArray();
    for (ProviderConfig p : all) {
      if (p.configured()) {
        boolean first = p.countries().contains(cc);
        (first ? firsts : others).add(new JsonObject().put("id", p.id()).put("name", p.name())
            .put("kind", p.kind()).put("first", first));
      }
    }
    return firsts.addAll(others);
  }
}
