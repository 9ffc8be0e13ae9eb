package kstore.edge;

/** Where the caller is and what they read: decides prices, availability and titles. */
public record Caller(String country, String lang) {
}
