package kstore.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The mail catcher's read-only web page (JDK HTTP server, UTF-8):
 * <ul>
 *   <li>{@code GET /} — received mails, newest first (time, to, subject), refreshed every 5 s;</li>
 *   <li>{@code GET /messages/ID} — one mail: headers, the text body (links clickable) and the HTML body in a
 *       sandboxed iframe ({@code srcdoc}, no scripts, links open in a new tab);</li>
 *   <li>{@code GET /api/messages[?to=ADDRESS]} — JSON array, newest first, of
 *       {@code {id, from, to, subject, text, html, receivedAt}}; {@code to} filters on a recipient (substring,
 *       case-insensitive); {@code GET /api/messages/ID} — one of them.</li>
 * </ul>
 * Every value from a mail is HTML-escaped; the pages forbid scripts by CSP.
 */
final class MailPages implements HttpHandler {

    private static final Pattern MESSAGE = Pattern.compile("/messages/(\\d+)");
    private static final Pattern API_MESSAGE = Pattern.compile("/api/messages/(\\d+)");
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
        .withZone(ZoneId.systemDefault());
    private static final String CSP = "script-src 'none'; object-src 'none'; form-action 'none'; frame-ancestors 'self'";
    private static final String STYLE = "body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem;color:#1c1c1c}"
        + "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd}"
        + "th{background:#f4f4f4}tr:hover td{background:#fafafa}a{color:#0b57d0}"
        + "pre{white-space:pre-wrap;background:#f7f7f7;padding:1rem;border:1px solid #ddd}"
        + "iframe{width:100%;height:32rem;border:1px solid #ddd;background:#fff}dt{font-weight:600}dd{margin:0 0 .4rem}";

    private final MailCatcher catcher;

    MailPages(MailCatcher catcher) {
        this.catcher = catcher;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain", "read-only");
                return;
            }
            String path = ex.getRequestURI().getPath();
            Matcher m;
            if (path.equals("/")) {
                send(ex, 200, "text/html", listPage(catcher.mails()));
            } else if (path.equals("/api/messages")) {
                String to = queryParam(ex.getRequestURI().getRawQuery(), "to");
                List<CaughtMail> mails = catcher.mails().stream()
                    .filter(mail -> to == null || mail.to().toLowerCase(Locale.ROOT).contains(to.toLowerCase(Locale.ROOT)))
                    .toList();
                send(ex, 200, "application/json", CaughtMail.toJson(mails).encode());
            } else if ((m = API_MESSAGE.matcher(path)).matches()) {
                CaughtMail mail = find(m.group(1));
                if (mail == null) {
                    send(ex, 404, "application/json", "{\"error\":\"no such mail\"}");
                } else {
                    send(ex, 200, "application/json", mail.toJson().encode());
                }
            } else if ((m = MESSAGE.matcher(path)).matches()) {
                CaughtMail mail = find(m.group(1));
                if (mail == null) {
                    send(ex, 404, "text/html", page("No such mail", "<p>No such mail. <a href=\"/\">All mails</a></p>", false));
                } else {
                    send(ex, 200, "text/html", messagePage(mail));
                }
            } else {
                send(ex, 404, "text/plain", "not found");
            }
        }
    }

    private CaughtMail find(String id) {
        long wanted = Long.parseLong(id);
        return catcher.mails().stream().filter(mail -> mail.id() == wanted).findFirst().orElse(null);
    }

    private static String listPage(List<CaughtMail> mails) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>K Store dev mail</h1><p>").append(mails.size())
            .append(mails.size() == 1 ? " mail" : " mails")
            .append(" received (newest first). SMTP: any address, nothing leaves this machine. "
                + "JSON: <a href=\"/api/messages\">/api/messages</a></p>");
        if (mails.isEmpty()) {
            b.append("<p>No mail yet.</p>");
        } else {
            b.append("<table><thead><tr><th scope=\"col\">Received</th><th scope=\"col\">To</th>"
                + "<th scope=\"col\">Subject</th></tr></thead><tbody>");
            for (CaughtMail mail : mails) {
                b.append("<tr><td><time datetime=\"").append(mail.receivedAt()).append("\">")
                    .append(TIME.format(mail.receivedAt())).append("</time></td><td>").append(escape(mail.to()))
                    .append("</td><td><a href=\"/messages/").append(mail.id()).append("\">")
                    .append(escape(mail.subject().isBlank() ? "(no subject)" : mail.subject())).append("</a></td></tr>");
            }
            b.append("</tbody></table>");
        }
        return page("K Store dev mail", b.toString(), true);
    }

    private static String messagePage(CaughtMail mail) {
        StringBuilder b = new StringBuilder();
        b.append("<p><a href=\"/\">&larr; All mails</a></p><h1>").append(escape(mail.subject())).append("</h1><dl>")
            .append("<dt>From</dt><dd>").append(escape(mail.from())).append("</dd>")
            .append("<dt>To</dt><dd>").append(escape(mail.to())).append("</dd>")
            .append("<dt>Received</dt><dd>").append(TIME.format(mail.receivedAt())).append("</dd></dl>");
        if (mail.html() != null) {
            // sandbox without allow-scripts; the base tag opens links in a new, unsandboxed tab
            String doc = "<base target=\"_blank\">" + mail.html();
            b.append("<h2>HTML</h2><iframe title=\"HTML body\" sandbox=\"allow-popups allow-popups-to-escape-sandbox\" srcdoc=\"")
                .append(escape(doc)).append("\"></iframe>");
        }
        if (mail.text() != null) {
            b.append("<h2>Text</h2><pre>").append(linkify(escape(mail.text()))).append("</pre>");
        }
        if (mail.html() == null && mail.text() == null) {
            b.append("<p>No text or HTML body.</p>");
        }
        return page(mail.subject(), b.toString(), false);
    }

    private static String page(String title, String body, boolean refresh) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + (refresh ? "<meta http-equiv=\"refresh\" content=\"5\">" : "")
            + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" + escape(title)
            + "</title><style>" + STYLE + "</style></head><body><main>" + body + "</main></body></html>";
    }

    /** Makes the URLs of already-escaped text clickable (the match holds no raw quote or angle bracket). */
    private static String linkify(String escaped) {
        return URL.matcher(escaped).replaceAll(r -> {
            String url = r.group();
            return Matcher.quoteReplacement("<a href=\"" + url + "\" target=\"_blank\" rel=\"noopener\">" + url + "</a>");
        });
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
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

    private static String queryParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Content-Security-Policy", CSP);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
