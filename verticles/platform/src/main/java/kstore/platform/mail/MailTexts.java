package kstore.platform.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A module's translated mail texts, {@code <base>_<lang>.properties} on the classpath (UTF-8, editable by
 * translators; each module has its own base, e.g. {@code mail/identity}), and the rendering of a template into
 * subject, text and HTML. Placeholders are {@code {name}}; a key missing in a language falls back to English, a
 * language we do not have falls back to English. Variables are cleaned of control characters (no header injection
 * through a display name) and HTML-escaped in the HTML body.
 */
public final class MailTexts {

  /** The languages mails are written in; the first is the fallback. */
  public static final List<String> LANGUAGES = List.of("en", "ko", "ja", "zh");

  /** Keys every template has. */
  public static final List<String> PARTS = List.of("subject", "heading", "body", "action", "footer");

  /** Keys shared by all templates. */
  public static final List<String> COMMON = List.of("greeting", "greeting.named", "link.fallback", "signature");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

  private final String base;
  private final Map<String, Properties> byLanguage;
  private final List<String> keys;

  private MailTexts(String base, Map<String, Properties> byLanguage, List<String> keys) {
    this.base = base;
    this.byLanguage = byLanguage;
    this.keys = keys;
  }

  /**
   * Loads {@code <base>_<lang>.properties} for every language from the classpath; fails fast when a file is
   * missing or the English one lacks a key of {@code templates}.
   */
  public static MailTexts load(String base, Collection<? extends Template> templates) {
    return load(base, templates, List.of());
  }

  /** Like {@link #load(String, Collection)}, also insisting on {@code extraKeys} (texts a module composes itself). */
  public static MailTexts load(String base, Collection<? extends Template> templates, List<String> extraKeys) {
    List<String> keys = new ArrayList<>(COMMON);
    for (Template t : templates) {
      PARTS.forEach(part -> keys.add(t.key() + "." + part));
    }
    keys.addAll(extraKeys);
    Map<String, Properties> m = new LinkedHashMap<>();
    for (String lang : LANGUAGES) {
      String resource = base + "_" + lang + ".properties";
      try (InputStream in = MailTexts.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("missing mail texts " + resource);
        }
        Properties p = new Properties();
        p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        m.put(lang, p);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + resource, e);
      }
    }
    MailTexts texts = new MailTexts(base, m, List.copyOf(keys));
    List<String> missing = texts.missingKeys("en");
    if (!missing.isEmpty()) {
      throw new IllegalStateException(base + "_en.properties lacks " + missing);
    }
    return texts;
  }

  /** The classpath base these texts were loaded from, e.g. {@code mail/identity}. */
  public String base() {
    return base;
  }

  /** Keys a language file lacks (they fall back to English). */
  public List<String> missingKeys(String lang) {
    Properties p = byLanguage.get(lang);
    List<String> missing = new ArrayList<>();
    for (String k : keys) {
      String v = p == null ? null : p.getProperty(k);
      if (v == null || v.isBlank()) {
        missing.add(k);
      }
    }
    return missing;
  }

  /** "ko-KR", "ko_KR", "KO" → "ko"; anything we have no texts for → "en". */
  public static String language(String requested) {
    if (requested == null) {
      return LANGUAGES.get(0);
    }
    String base = requested.trim().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
    return LANGUAGES.contains(base) ? base : LANGUAGES.get(0);
  }

  /**
   * Renders a template. {@code vars} must hold the template's {@link Template#required()} variables and
   * {@code link} must be an http(s) URL; else IllegalArgumentException.
   */
  public RenderedMail render(Template template, String lang, Map<String, String> vars) {
    String language = language(lang);
    Map<String, String> clean = new LinkedHashMap<>();
    vars.forEach((k, v) -> {
      if (v != null) {
        clean.put(k, v.replaceAll("\\p{Cntrl}+", " ").strip());
      }
    });
    for (String name : template.required()) {
      if (clean.getOrDefault(name, "").isEmpty()) {
        throw new IllegalArgumentException("mail " + template + " needs the variable '" + name + "'");
      }
    }
    String link = clean.get("link");
    if (link != null && !link.matches("(?i)https?://\\S+")) {
      throw new IllegalArgumentException("mail " + template + ": link must be an http(s) URL");
    }
    String named = clean.getOrDefault("name", "");
    String greeting = named.isEmpty() ? text(language, "greeting", clean) : text(language, "greeting.named", clean);
    String subject = text(language, template.key() + ".subject", clean);
    String heading = text(language, template.key() + ".heading", clean);
    String body = text(language, template.key() + ".body", clean);
    String action = text(language, template.key() + ".action", clean);
    String footer = text(language, template.key() + ".footer", clean);
    String fallback = text(language, "link.fallback", clean);
    String signature = text(language, "signature", clean);

    String plain = greeting + "\n\n" + body + "\n\n" + action + ":\n" + link + "\n\n" + footer + "\n\n" + signature + "\n";

    String muted = "font-size:14px;color:#52525b;";
    String html = "<!doctype html>\n<html lang=\"" + language + "\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(subject)
        + "</title></head>\n<body style=\"margin:0;padding:0;background:#f4f4f5;\">"
        + "<div role=\"article\" aria-label=\"" + escape(subject) + "\" lang=\"" + language
        + "\" style=\"max-width:560px;margin:0 auto;padding:24px;background:#ffffff;color:#18181b;"
        + "font-family:-apple-system,'Segoe UI',Roboto,'Noto Sans','Apple SD Gothic Neo','Malgun Gothic',"
        + "'Hiragino Sans','Microsoft YaHei',sans-serif;font-size:16px;line-height:1.6;\">\n"
        + "<h1 style=\"font-size:22px;margin:0 0 16px;\">" + escape(heading) + "</h1>\n"
        + "<p>" + escape(greeting) + "</p>\n"
        + "<p>" + escape(body) + "</p>\n"
        + "<p style=\"margin:24px 0;\"><a href=\"" + escape(link) + "\" style=\"display:inline-block;padding:12px 20px;"
        + "background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600;\">"
        + escape(action) + "</a></p>\n"
        + "<p style=\"" + muted + "\">" + escape(fallback) + "<br><a href=\"" + escape(link)
        + "\" style=\"color:#1d4ed8;word-break:break-all;\">" + escape(link) + "</a></p>\n"
        + "<p style=\"" + muted + "\">" + escape(footer) + "</p>\n"
        + "<p>" + escape(signature) + "</p>\n"
        + "</div></body></html>\n";
    return new RenderedMail(subject, plain, html);
  }

  /**
   * The text of {@code key} in {@code lang} (English when missing there, "" when missing in English too),
   * placeholders filled with the raw {@code vars}: for sentences a module composes into a template's variables.
   */
  public String text(String lang, String key, Map<String, String> vars) {
    String language = language(lang);
    String s = byLanguage.get(language).getProperty(key);
    if (s == null || s.isBlank()) {
      s = byLanguage.get(LANGUAGES.get(0)).getProperty(key, "");
    }
    Matcher m = PLACEHOLDER.matcher(s.strip());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = vars.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : v));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** HTML-escapes text for element content and attribute values. */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
