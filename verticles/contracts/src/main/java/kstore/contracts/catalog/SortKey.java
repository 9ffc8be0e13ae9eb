package kstore.contracts.catalog;

import java.util.Arrays;
import java.util.Optional;

/** The sort orders a game list accepts; the wire value is {@link #wire()}. */
public enum SortKey {
  RELEVANCE("relevance"),
  RELEASE_DESC("release_desc"),
  RELEASE_ASC("release_asc"),
  PRICE_ASC("price_asc"),
  PRICE_DESC("price_desc"),
  RATING_DESC("rating_desc"),
  NAME_ASC("name_asc");

  private final String wire;

  SortKey(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<SortKey> fromWire(String value) {
    return Arrays.stream(values()).filter(k -> k.wire.equals(value)).findFirst();
  }
}
