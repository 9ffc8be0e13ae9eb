package kstore.contracts.catalog;

import java.util.Arrays;
import java.util.Optional;

/** Where a game stands in its life: announced (no sale yet), pre-order (sold before release), released. */
public enum GameStatus {
  ANNOUNCED("announced"),
  PRE_ORDER("pre-order"),
  RELEASED("released");

  private final String wire;

  GameStatus(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<GameStatus> fromWire(String value) {
    return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
  }
}
