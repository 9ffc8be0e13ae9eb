package kstore.catalog;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cjk.CJKWidthFilter;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.miscellaneous.ConditionalTokenFilter;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * The analyzers of the catalog index, built once per index and shared by all threads (Lucene
 * analyzers reuse their token streams per thread).
 *
 * <ul>
 *   <li>{@code text}: Unicode word splitting, full/half-width folding, lower case, accent folding,
 *       possessives dropped. Used for all titles together (Hangul words and Han characters become
 *       tokens too), developer/publisher and tags.</li>
 *   <li>{@code query}: {@code text} plus the synonyms of {@code conf/synonyms.txt} (query time only).</li>
 *   <li>{@code ko}, {@code ja}, {@code zh}: nori, kuromoji and smartcn for the localized titles.</li>
 *   <li>{@code prefix}: {@code text} plus edge n-grams, for autocomplete.</li>
 * </ul>
 */
public final class CatalogAnalyzers implements AutoCloseable {
  /** Longest indexed prefix; a longer typed word is matched with a prefix query on the title words. */
  public static final int MAX_PREFIX = 10;

  private final Analyzer text;
  private final Analyzer query;
  private final Analyzer prefix;
  private final Analyzer korean;
  private final Analyzer japanese;
  private final Analyzer chinese;
  private final Analyzer indexing;
  private final int synonymRules;

  public CatalogAnalyzers(String synonymsSolrFormat) {
    this.text = new TextAnalyzer(null, false);
    SynonymMap synonyms = parseSynonyms(synonymsSolrFormat, text);
    this.synonymRules = synonyms == null ? 0 : synonyms.words.size();
    this.query = new TextAnalyzer(synonyms, false);
    this.prefix = new TextAnalyzer(null, true);
    this.korean = new KoreanAnalyzer();
    this.japanese = new JapaneseAnalyzer();
    this.chinese = new SmartChineseAnalyzer();
    this.indexing = new PerFieldAnalyzerWrapper(text, Map.of(
        CatalogFields.TITLE_KO, korean,
        CatalogFields.TITLE_JA, japanese,
        CatalogFields.TITLE_ZH, chinese,
        CatalogFields.SUGGEST, prefix));
  }

  static SynonymMap parseSynonyms(String solrFormat, Analyzer analyzer) {
    if (solrFormat == null || solrFormat.isBlank()) {
      return null;
    }
    try {
      SolrSynonymParser parser = new SolrSynonymParser(true, true, analyzer);
      parser.parse(new StringReader(solrFormat));
      return parser.build();
    } catch (ParseException e) {
      throw new IllegalArgumentException("synonyms file: line " + e.getErrorOffset() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Standard words, folded; optionally synonyms (query side) or edge n-grams (autocomplete index). */
  static final class TextAnalyzer extends Analyzer {
    private final SynonymMap synonyms;
    private final boolean edgeNgrams;

    TextAnalyzer(SynonymMap synonyms, boolean edgeNgrams) {
      this.synonyms = synonyms;
      this.edgeNgrams = edgeNgrams;
    }

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer source = new StandardTokenizer();
      TokenStream ts = new CJKWidthFilter(source);
      ts = new EnglishPossessiveFilter(ts);
      ts = new LowerCaseFilter(ts);
      ts = new ASCIIFoldingFilter(ts);
      if (synonyms != null) {
        ts = new SynonymGraphFilter(ts, synonyms, true);
      }
      if (edgeNgrams) {
        // Prefixes of every word but the little ones: "wit" should find "Witcher", not "... with ...".
        ts = new ConditionalTokenFilter(ts, in -> new EdgeNGramTokenFilter(in, 1, MAX_PREFIX, true)) {
          private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

          @Override
          protected boolean shouldFilter() {
            return !EnglishAnalyzer.ENGLISH_STOP_WORDS_SET.contains(term.buffer(), 0, term.length());
          }
        };
      }
      return new TokenStreamComponents(source, ts);
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
      return new ASCIIFoldingFilter(new LowerCaseFilter(new CJKWidthFilter(in)));
    }
  }

  /** Analyzer for the index writer: the right one per field. */
  public Analyzer indexing() {
    return indexing;
  }

  public Analyzer text() {
    return text;
  }

  public Analyzer query() {
    return query;
  }

  public Analyzer forLanguageField(String field) {
    return switch (field) {
      case CatalogFields.TITLE_KO -> korean;
      case CatalogFields.TITLE_JA -> japanese;
      case CatalogFields.TITLE_ZH -> chinese;
      default -> text;
    };
  }

  /** Loads a language analyzer's dictionaries now (nori, kuromoji and smartcn each take a while on first use). */
  public void warmUp(String field) {
    terms(forLanguageField(field), field, "위쳐 3: 와일드 헌트 ウィッチャー3 ワイルドハント 巫师 3：狂猎");
  }

  public int synonymRules() {
    return synonymRules;
  }

  /** A token of analysed text with where it sits in the original string. */
  public record Token(String term, int start, int end) {
  }

  /** The tokens of {@code s} under {@code analyzer}, with offsets. */
  public static List<Token> tokens(Analyzer analyzer, String field, String s) {
    List<Token> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(field, s)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(new Token(term.toString(), offset.startOffset(), offset.endOffset()));
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  public List<String> terms(Analyzer analyzer, String field, String s) {
    return tokens(analyzer, field, s).stream().map(Token::term).toList();
  }

  private static final java.util.regex.Pattern MARKS = java.util.regex.Pattern.compile("\\p{M}+");

  /** A whole title reduced to letters and digits, for exact-title matches ("The Witcher® 3" → "the witcher 3"). */
  public static String titleKey(String title) {
    String s = title;
    boolean ascii = true;
    for (int i = 0; i < s.length() && ascii; i++) {
      ascii = s.charAt(i) < 128;
    }
    if (!ascii) {
      s = Normalizer.normalize(s, Normalizer.Form.NFKC);
      s = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
      s = Normalizer.normalize(s, Normalizer.Form.NFC);
    }
    s = s.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(s.length());
    boolean space = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = Character.charCount(cp);
      if ((cp == '\'' || cp == '\u2019') && i + 1 < s.length() && s.charAt(i + 1) == 's'
          && (i + 2 == s.length() || !Character.isLetterOrDigit(s.charAt(i + 2)))) {
        i += 2;
        continue;
      }
      if (Character.isLetterOrDigit(cp)) {
        if (space && out.length() > 0) {
          out.append(' ');
        }
        space = false;
        out.appendCodePoint(cp);
      } else {
        space = true;
      }
      i += n;
    }
    return out.toString();
  }

  /** True when the token is written in a CJK script (Hangul, Han, Kana): edit distance 1 at most. */
  public static boolean isCjk(String token) {
    for (int i = 0; i < token.length(); ) {
      int cp = token.codePointAt(i);
      Character.UnicodeScript script = Character.UnicodeScript.of(cp);
      if (script == Character.UnicodeScript.HANGUL || script == Character.UnicodeScript.HAN
          || script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA) {
        return true;
      }
      i += Character.charCount(cp);
    }
    return false;
  }

  /** Which language fields a query should also search, from the scripts it is written in. */
  public static List<String> languageFields(String q) {
    boolean hangul = false;
    boolean kana = false;
    boolean han = false;
    for (int i = 0; i < q.length(); ) {
      int cp = q.codePointAt(i);
      Character.UnicodeScript script = Character.UnicodeScript.of(cp);
      hangul |= script == Character.UnicodeScript.HANGUL;
      kana |= script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA;
      han |= script == Character.UnicodeScript.HAN;
      i += Character.charCount(cp);
    }
    List<String> fields = new ArrayList<>();
    if (hangul) {
      fields.add(CatalogFields.TITLE_KO);
    }
    if (kana || han) {
      fields.add(CatalogFields.TITLE_JA);
    }
    if (han) {
      fields.add(CatalogFields.TITLE_ZH);
    }
    return fields;
  }

  @Override
  public void close() {
    text.close();
    query.close();
    prefix.close();
    korean.close();
    japanese.close();
    chinese.close();
  }
}
