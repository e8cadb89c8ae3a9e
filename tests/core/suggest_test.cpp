// Did-you-mean: edit distance counts a swap of neighbours as one typo, and close names are offered.
#include <gtest/gtest.h>

#include "docket/core/suggest.hpp"

namespace docket {
namespace {

TEST(SuggestTest, EditDistanceCountsInsertionsDeletionsSubstitutionsAndSwaps) {
  EXPECT_EQ(edit_distance("area", "area"), 0U);
  EXPECT_EQ(edit_distance("aera", "area"), 1U);  // swap
  EXPECT_EQ(edit_distance("tarif", "tariff"), 1U);
  EXPECT_EQ(edit_distance("segmnet", "segment"), 1U);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
  EXPECT_EQ(edit_distance("", "abc"), 3U);
  EXPECT_EQ(edit_distance("abc", ""), 3U);
}

TEST(SuggestTest, OffersOnlyCloseNames) {
  const std::vector<std::string> fields = {"id", "area", "tariff", "voltage_kv"};
  EXPECT_EQ(closest_name("aera", fields), std::optional<std::string>("area"));
  EXPECT_EQ(closest_name("voltage", fields), std::nullopt);
  EXPECT_EQ(closest_name("Asia/Shanghia", {"Asia/Shanghai", "Asia/Singapore"}), std::optional<std::string>("Asia/Shanghai"));
}

}  // namespace
}  // namespace docket
