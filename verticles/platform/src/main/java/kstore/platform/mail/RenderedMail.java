package kstore.platform.mail;

/** A mail ready to send: its subject, plain-text body and HTML body (every variable escaped). */
public record RenderedMail(String subject, String text, String html) {
}
