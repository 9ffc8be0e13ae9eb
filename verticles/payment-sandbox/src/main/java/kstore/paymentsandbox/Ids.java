package kstore.paymentsandbox;

import java.security.SecureRandom;

/** Random identifiers and secrets with the providers' prefixes ({@code pi_}, {@code T}, {@code whsec_}, ...). */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Ids() {
    }

    static String next(String prefix) {
        return prefix + random(ALPHABET, 24);
    }

    static String secret(String prefix) {
        return prefix + random(ALPHABET, 32);
    }

    static String digits(int n) {
        return random("0123456789", n);
    }

    private static String random(String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
