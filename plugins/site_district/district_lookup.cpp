// The keyword table and matching behind site.district.
#include "district_lookup.hpp"

#include <array>
#include <string>

namespace site_district {
namespace {

struct Keyword {
  std::string_view text;  // Chinese as written, or lower-case ASCII
  std::string_view district;
};

// The 16 districts of Shanghai, plus former names merged into them (南汇 → Pudong, 闸北 → Jing'an).
constexpr auto keywords = std::to_array<Keyword>({
    {"浦东", "pudong"},     {"pudong", "pudong"},       {"南汇", "pudong"},       {"nanhui", "pudong"},
    {"闵行", "minhang"},    {"minhang", "minhang"},     {"徐汇", "xuhui"},        {"xuhui", "xuhui"},
    {"黄浦", "huangpu"},    {"huangpu", "huangpu"},     {"静安", "jingan"},       {"jing'an", "jingan"},
    {"jingan", "jingan"},   {"jing an", "jingan"},      {"闸北", "jingan"},       {"zhabei", "jingan"},
    {"长宁", "changning"},  {"changning", "changning"}, {"普陀", "putuo"},        {"putuo", "putuo"},
    {"虹口", "hongkou"},    {"hongkou", "hongkou"},     {"杨浦", "yangpu"},       {"yangpu", "yangpu"},
    {"宝山", "baoshan"},    {"baoshan", "baoshan"},     {"嘉定", "jiading"},      {"jiading", "jiading"},
    {"松江", "songjiang"},  {"songjiang", "songjiang"}, {"青浦", "qingpu"},       {"qingpu", "qingpu"},
    {"奉贤", "fengxian"},   {"fengxian", "fengxian"},   {"金山", "jinshan"},      {"jinshan", "jinshan"},
    {"崇明", "chongming"},  {"chongming", "chongming"},
});

// What follows a district's name when it is meant as the district ("浦东新区", "Minhang District"),
// rather than as part of a road or river name ("宝山路", "黄浦江").
constexpr auto district_markers = std::to_array<std::string_view>({"区", "新区", " district", " new area"});

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool followed_by_marker(std::string_view text, std::size_t end) {
  const std::string_view rest = text.substr(end);
  for (std::string_view marker : district_markers) {
    if (rest.starts_with(marker)) return true;
  }
  return false;
}

}  // namespace

std::string_view district_of(std::string_view address) {
  const std::string text = ascii_lower(address);
  std::string_view earliest = "unknown";
  std::size_t earliest_at = std::string::npos;
  for (const Keyword& k : keywords) {
    for (std::size_t at = text.find(k.text); at != std::string::npos; at = text.find(k.text, at + 1)) {
      if (followed_by_marker(text, at + k.text.size())) return k.district;
      if (at < earliest_at) {
        earliest_at = at;
        earliest = k.district;
      }
    }
  }
  return earliest;
}

}  // namespace site_district
