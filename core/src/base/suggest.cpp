// "Did you mean ...?": edit distance, the closest candidate name, and message helpers.
#include "docket/core/suggest.hpp"

#include <algorithm>
#include <numeric>

namespace docket {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
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
