package kstore.checkout.orders;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import kstore.checkout.CheckoutConfig;
import kstore.platform.Regions;
import kstore.platform.StoreConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A currency charged in whole units only (KES, {@code wholeUnits} in conf/regions.json) must never be quoted cents:
 * the checkout refuses to start on points or taxes that could leave them, naming the config key.
 */
class WholeUnitsConfigTest {
  private static final Regions REGIONS = Regions.load();

  private static JsonObject shipped() {
    return StoreConfig.load(List.of(), Map.of(), Map.of());
  }

  @Test
  @DisplayName("the shipped config charges Kenya whole shillings: a point is KSh 1 and tax is included")
  void shippedConfigPasses() {
    assertThatCode(() -> Quotes.requireWholeUnits(CheckoutConfig.from(shipped()), REGIONS)).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("a Kenyan point worth less than a shilling fails naming checkout.points.KE.minorUnitsPerPoint")
  void pointsWithCentsFail() {
    JsonObject conf = shipped();
    StoreConfig.set(conf, "checkout.points.KE.minorUnitsPerPoint", "50");
    assertThatThrownBy(() -> Quotes.requireWholeUnits(CheckoutConfig.from(conf), REGIONS))
        .hasMessageContaining("checkout.points.KE.minorUnitsPerPoint").hasMessageContaining("100");

    JsonObject byDefault = shipped();
    byDefault.getJsonObject("checkout").getJsonObject("points").remove("KE");
    assertThatThrownBy(() -> Quotes.requireWholeUnits(CheckoutConfig.from(byDefault), REGIONS))
        .as("the default rule applies to Kenya then").hasMessageContaining("checkout.points.default.minorUnitsPerPoint");
  }

  @Test
  @DisplayName("tax added on top of a Kenyan price fails naming checkout.tax.KE.included")
  void addedTaxFails() {
    JsonObject conf = shipped();
    StoreConfig.set(conf, "checkout.tax.KE.included", "false");
    assertThatThrownBy(() -> Quotes.requireWholeUnits(CheckoutConfig.from(conf), REGIONS))
        .hasMessageContaining("checkout.tax.KE.included");
  }
}
