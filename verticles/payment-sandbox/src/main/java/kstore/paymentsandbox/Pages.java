package kstore.paymentsandbox;

import java.math.BigDecimal;
import java.util.Currency;

/** The buyer-facing HTML: small, accessible pages, each clearly marked as the sandbox. */
final class Pages {

    static final String BANNER = "Payment sandbox — no real money";

    private static final String STYLE = "body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;"
        + "padding:0 1rem;color:#111}.banner{background:#fff3bf;border:2px solid #e0a800;padding:.5rem 1rem;"
        + "font-weight:bold}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{font-weight:bold}"
        + "button{font:inherit;padding:.5rem 1.25rem;margin:.25rem .5rem .25rem 0;cursor:pointer}"
        + "button:focus{outline:3px solid #1c7ed6}.ok{background:#2b8a3e;color:#fff;border:0}"
        + "code{font-size:1.1em;word-break:break-all}";

    private Pages() {
    }

    /** A whole page: title, the sandbox banner, and {@code mainHtml} (already escaped). */
    static String page(String title, String mainHtml) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>" + esc(title) + " · " + BANNER + "</title><style>" + STYLE + "</style></head><body>"
            + "<header><p class=\"banner\" role=\"note\">" + BANNER + "</p></header>"
            + "<main><h1>" + esc(title) + "</h1>" + mainHtml + "</main></body></html>\n";
    }

    /** A definition list of label/value pairs (values escaped). */
    static String details(String... labelValue) {
        StringBuilder b = new StringBuilder("<dl>");
        for (int i = 0; i + 1 < labelValue.length; i += 2) {
            b.append("<dt>").append(esc(labelValue[i])).append("</dt><dd>").append(esc(labelValue[i + 1])).append("</dd>");
        }
        return b.append("</dl>").toString();
    }

    /** A POST form back to the page with one submit button per {@code value, label} pair. */
    static String buttons(String legend, String... valueLabel) {
        StringBuilder b = new StringBuilder("<form method=\"post\"><fieldset><legend>").append(esc(legend))
            .append("</legend>");
        for (int i = 0; i + 1 < valueLabel.length; i += 2) {
            b.append("<button type=\"submit\" name=\"action\" value=\"").append(esc(valueLabel[i])).append('"')
                .append(i == 0 ? " class=\"ok\"" : "").append('>').append(esc(valueLabel[i + 1])).append("</button>");
        }
        return b.append("</fieldset></form>").toString();
    }

    static String link(String href, String text) {
        return "<p><a href=\"" + esc(href) + "\">" + esc(text) + "</a></p>";
    }

    static String para(String text) {
        return "<p>" + esc(text) + "</p>";
    }

    /** Minor units as a person reads them: {@code 12000 krw} → "12,000 KRW", {@code 1999 usd} → "19.99 USD". */
    static String money(long minor, String currency) {
        String code = currency.toUpperCase();
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(code).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return String.format("%,." + digits + "f %s", BigDecimal.valueOf(minor).movePointLeft(digits), code);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
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
