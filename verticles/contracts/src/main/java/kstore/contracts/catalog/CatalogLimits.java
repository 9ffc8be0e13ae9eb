package kstore.contracts.catalog;

/** Limits shared by the edge (validation) and the catalog (defence in depth). */
public final class CatalogLimits {
  private CatalogLimits() {
  }

  public static final int MAX_PAGE_SIZE = 100;
  public static final int DEFAULT_PAGE_SIZE = 24;
  /** Deep paging costs the index more than it helps a person: page * size may not pass this. */
  public static final int MAX_RESULT_WINDOW = 10_000;
  public static final int MAX_QUERY_LENGTH = 200;
  public static final int MAX_SUGGESTIONS = 10;
  /** Languages the catalog holds titles in and the search analyses. */
  public static final java.util.List<String> LANGUAGES = java.util.List.of("en", "ko", "ja", "zh");
}
