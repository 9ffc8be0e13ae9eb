package kstore.devstack;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * One mail the catcher received, decoded for people and tests: RFC 2047 subjects and addresses, the first
 * {@code text/plain} and {@code text/html} parts (any charset, any multipart nesting).
 *
 * @param id         sequence number in arrival order (1, 2, ...), stable while the catcher runs
 * @param to         the To and Cc recipients, decoded, comma separated
 */
record CaughtMail(long id, String from, String to, String subject, String text, String html, Instant receivedAt) {

    static CaughtMail of(long id, MimeMessage message, Instant receivedAt) {
        try {
            Bodies bodies = new Bodies();
            bodies.collect(message);
            List<Address> recipients = new ArrayList<>();
            addAll(recipients, message.getRecipients(MimeMessage.RecipientType.TO));
            addAll(recipients, message.getRecipients(MimeMessage.RecipientType.CC));
            return new CaughtMail(id, addresses(message.getFrom()), addresses(recipients.toArray(Address[]::new)),
                message.getSubject() == null ? "" : message.getSubject(), bodies.text, bodies.html, receivedAt);
        } catch (MessagingException | IOException e) {
            return new CaughtMail(id, "", "", "(unreadable mail: " + e.getMessage() + ")", null, null, receivedAt);
        }
    }

    JsonObject toJson() {
        return new JsonObject().put("id", id).put("from", from).put("to", to).put("subject", subject)
            .put("text", text).put("html", html).put("receivedAt", receivedAt.toString());
    }

    static JsonArray toJson(List<CaughtMail> mails) {
        JsonArray a = new JsonArray();
        mails.forEach(m -> a.add(m.toJson()));
        return a;
    }

    private static void addAll(List<Address> into, Address[] addresses) {
        if (addresses != null) {
            into.addAll(List.of(addresses));
        }
    }

    private static String addresses(Address[] addresses) {
        if (addresses == null) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (Address a : addresses) {
            out.add(a instanceof InternetAddress ia ? ia.toUnicodeString() : a.toString());
        }
        return String.join(", ", out);
    }

    /** Walks the MIME tree; the first text/plain and text/html parts win (attachments are skipped). */
    private static final class Bodies {
        String text;
        String html;

        void collect(Part part) throws MessagingException, IOException {
            if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                return;
            }
            if (part.isMimeType("text/plain") && text == null) {
                text = String.valueOf(part.getContent());
            } else if (part.isMimeType("text/html") && html == null) {
                html = String.valueOf(part.getContent());
            } else if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart mp) {
                for (int i = 0; i < mp.getCount(); i++) {
                    BodyPart child = mp.getBodyPart(i);
                    collect(child);
                }
            }
        }
    }
}
