package kstore.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SteamCsvTest {
  private static final String HEADER = "appid,name,release_date,english,developer,publisher,platforms,required_age,"
      + "categories,genres,steamspy_tags,achievements,positive_ratings,negative_ratings,average_playtime,"
      + "median_playtime,owners,price\n";

  @Test
  @DisplayName("quoted fields keep their commas and doubled quotes; lists split on ';'; the price is an exact decimal")
  void parsesQuotedFields() throws Exception {
    String csv = HEADER
        + "3330,\"Zuma \"\"Deluxe\"\", Gold\",2006-08-30,1,\"PopCap Games, Inc.\",\"PopCap Games, Inc.\",windows;mac,"
        + "7,Single-player,Casual,Casual;Match 3;Puzzle,0,437,37,267,267,100000-200000,4.25\r\n";
    List<SteamCsv.Row> rows = SteamCsv.read(new StringReader(csv));
    assertThat(rows).hasSize(1);
    SteamCsv.Row r = rows.get(0);
    assertThat(r.appid()).isEqualTo(3330);
    assertThat(r.name()).isEqualTo("Zuma \"Deluxe\", Gold");
    assertThat(r.releaseDate()).isEqualTo(LocalDate.of(2006, 8, 30));
    assertThat(r.developers()).containsExactly("PopCap Games, Inc.");
    assertThat(r.platforms()).containsExactly("windows", "mac");
    assertThat(r.tags()).containsExactly("Casual", "Match 3", "Puzzle");
    assertThat(r.requiredAge()).isEqualTo(7);
    assertThat(r.price()).isEqualByComparingTo(new BigDecimal("4.25"));
    assertThat(r.owners()).isEqualTo("100000-200000");
  }

  @Test
  @DisplayName("a file that is not the Steam data set, or a short record, is refused with its line")
  void refusesOtherFiles() {
    assertThatThrownBy(() -> SteamCsv.read(new StringReader("id,title\n1,x\n"))).hasMessageContaining("header");
    assertThatThrownBy(() -> SteamCsv.read(new StringReader(HEADER + "10,Counter-Strike,2000-11-01\n")))
        .hasMessageContaining("record 2");
  }

  @Test
  @DisplayName("the shipped seed holds all 27,075 games of the data set")
  void realSeed() {
    List<SteamCsv.Row> rows = SeedFixture.rows();
    assertThat(rows).hasSize(27_075);
    SteamCsv.Row witcher = rows.stream().filter(r -> r.appid() == 292030).findFirst().orElseThrow();
    assertThat(witcher.name()).isEqualTo("The Witcher® 3: Wild Hunt");
    assertThat(rows.stream().filter(r -> r.price().signum() == 0).count()).isEqualTo(2_560);
  }

  @Test
  @DisplayName("localized titles load by appid; empty cells mean no title in that language")
  void titlesFile() {
    Map<Long, Map<String, String>> titles = SteamCsv.readTitles(
        "appid\ten\tko\tja\tzh\n292030\tThe Witcher® 3: Wild Hunt\t위쳐 3: 와일드 헌트\t\t巫师 3：狂猎\n");
    assertThat(titles.get(292030L)).containsEntry("ko", "위쳐 3: 와일드 헌트").containsEntry("zh", "巫师 3：狂猎")
        .doesNotContainKey("ja");
    assertThatThrownBy(() -> SteamCsv.readTitles("id\ttitle\n")).hasMessageContaining("header");
    assertThat(SeedFixture.titles()).as("the shipped titles file").hasSizeGreaterThanOrEqualTo(100);
  }
}
