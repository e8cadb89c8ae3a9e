// "Did you mean ...?": edit distance, the closest candidate name, and message helpers.
#include "docket/core/suggest.hpp"

#include <algorithm>
#include <numeric>
#include <utility>

namespace docket {

// Optimal string alignment: insertions, deletions, substitutions, and a swap of two neighbouring
// characters (`aera` for `area`), each costing 1.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> before(b.size() + 1);  // row i - 2
  std::vector<std::size_t> above(b.size() + 1);   // row i - 1
  std::vector<std::size_t> row(b.size() + 1);     // row i
  std::iota(above.begin(), above.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t substitution = above[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above[j] + 1, row[j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) row[j] = std::min(row[j], before[j - 2] + 1);
    }
    std::swap(before, above);
    std::swap(above, row);
  }
  return above[b.size()];
}

std::optional<std::string> closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = std::max<std::size_t>(1, name.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    std::size_t d = edit_distance(name, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string suggestion_hint(std::string_view name, const std::vector<std::string>& candidates, std::string fallback) {
  std::optional<std::string> best = closest_name(name, candidates);
  return best ? "did you mean `" + *best + "`?" : fallback;
}

std::string did_you_mean_suffix(std::string_view name, const std::vector<std::string>& candidates) {
  std::optional<std::string> best = closest_name(name, candidates);
  return best ? ", did you mean `" + *best + "`?" : std::string();
}

std::string join_names(const std::vector<std::string>& names) {
  if (names.empty()) return "(none)";
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace docket
