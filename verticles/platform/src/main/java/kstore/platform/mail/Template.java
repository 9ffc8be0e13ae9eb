package kstore.platform.mail;

import java.util.List;

/**
 * One kind of mail a module sends (usually an enum constant of that module): the key prefix of its texts in the
 * module's message files ({@code <key>.subject}, {@code .heading}, {@code .body}, {@code .action}, {@code .footer})
 * and the variables a render insists on.
 */
public interface Template {

  /** The key prefix in the message files. */
  String key();

  /** Variables {@link Mailer#send} insists on (non-blank after cleaning). */
  List<String> required();
}
