// PlainCsvSplitter against CsvSplitter on random quote-free blocks: the same records, fields, empty lines and lines.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "cli/classify/csv_plain.hpp"
#include "cli/classify/csv_split.hpp"

namespace docket::cli {
namespace {

// Splits `block` with both splitters and fails at the first record where they differ.
void expect_same_split(const std::string& block) {
  CsvSplitter general;
  PlainCsvSplitter plain(block);
  std::size_t pos = 0;
  std::vector<std::string_view> general_fields;
  std::vector<std::string_view> plain_fields;
  std::string error;
  std::uint32_t lines = 0;
  for (std::size_t record = 0;; ++record) {
    const CsvSplitter::Status a = general.next(block, pos, general_fields, lines, error);
    const PlainCsvSplitter::Status b = plain.next(plain_fields);
    ASSERT_NE(a, CsvSplitter::Status::malformed) << "record " << record;
    ASSERT_EQ(a == CsvSplitter::Status::end, b == PlainCsvSplitter::Status::end) << "record " << record;
    if (a == CsvSplitter::Status::end) break;
    ASSERT_EQ(a == CsvSplitter::Status::empty_line, b == PlainCsvSplitter::Status::empty_line) << "record " << record;
    ASSERT_EQ(lines, 1U);
    if (a == CsvSplitter::Status::record) {
      ASSERT_EQ(general_fields, plain_fields) << "record " << record;
    }
  }
  EXPECT_EQ(count_line_breaks(block), static_cast<std::size_t>(std::count(block.begin(), block.end(), '\n')));
}

TEST(CsvPlain, SplitsLikeTheGeneralSplitterOnRandomQuoteFreeBlocks) {
  std::mt19937 rng(20261203);
  constexpr std::string_view kBytes = "ab,\n\r \t,x7";
  for (int round = 0; round < 20000; ++round) {
    // Mostly short blocks (edges within and across the 64-byte windows), some long ones.
    const std::size_t length = rng() % (round % 10 == 0 ? 700 : 140);
    std::string block;
    for (std::size_t i = 0; i < length; ++i) block.push_back(kBytes[rng() % kBytes.size()]);
    expect_same_split(block);
    if (HasFatalFailure()) {
      ADD_FAILURE() << "block: " << testing::PrintToString(block);
      return;
    }
  }
}

TEST(CsvPlain, EdgeCases) {
  for (const std::string block : {"", "\n", "\r\n", "a", "a\r", "a,\n", ",", "\r\r\n", "a\rb,c\r\n\r\nd", "x,y\n\n\nz"}) {
    expect_same_split(block);
  }
  std::string wide(63, 'a');
  for (const std::string tail : {",b\n", "\nb", "\r\nb,c", ""}) {
    expect_same_split(wide + tail);
    expect_same_split(wide + "a" + tail);
  }
}

}  // namespace
}  // namespace docket::cli
