package kstore.catalog;

/** Field names of the catalog's Lucene documents. */
final class CatalogFields {
  private CatalogFields() {
  }

  static final String ID = "id";
  static final String ID_DV = "id_dv";
  /** Every title in every language, standard words (no length norms: short and long titles compete on terms). */
  static final String TITLE = "title";
  static final String TITLE_KO = "title_ko";
  static final String TITLE_JA = "title_ja";
  static final String TITLE_ZH = "title_zh";
  /** Whole titles reduced to letters and digits, for exact-title boosts. */
  static final String TITLE_KEY = "title_key";
  /** Edge n-grams of every title word: prefix matches for autocomplete. */
  static final String SUGGEST = "suggest";
  static final String PEOPLE = "people";
  static final String TAGTEXT = "tagtext";
  static final String GENRE = "genre";
  static final String TAG = "tag";
  static final String PLATFORM = "platform";
  static final String F_GENRE = "f_genre";
  static final String F_TAG = "f_tag";
  static final String F_PLATFORM = "f_platform";
  static final String BAND_DV = "band_dv";
  static final String STATUS = "status";
  static final String RELEASE = "release";
  static final String RELEASE_DV = "release_dv";
  static final String ON_SALE = "on_sale";
  /** Countries the game is sold in ("*" = worldwide) and countries it is blocked in. */
  static final String SOLD_IN = "sold_in";
  static final String BLOCKED_IN = "blocked_in";
  static final String POPULARITY = "pop";
  static final String RATING = "rating";

  static String priceDv(String currency) {
    return "price_dv_" + currency;
  }

  static String name(String lang) {
    return "name_" + lang;
  }
}
