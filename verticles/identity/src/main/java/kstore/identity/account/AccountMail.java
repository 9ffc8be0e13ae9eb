package kstore.identity.account;

/** The mails the account flows send; implemented over SMTP by the verticle, recorded by tests. */
public interface AccountMail {
  /** "Confirm your email address": {@code link} opens the storefront's verify page with the token. */
  void verification(User user, String link);

  /** "Reset your password": {@code link} opens the reset page; it stops working after {@code minutes}. */
  void passwordReset(User user, String link, long minutes);
}
