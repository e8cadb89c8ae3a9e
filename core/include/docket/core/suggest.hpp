// "Did you mean ...?": the closest known name to a misspelt one, shared by every stage's messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docket {

// Levenshtein distance in bytes.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name` when it is close enough to be a likely typo (distance at
// most a third of the name's length, and at least 1); nullopt otherwise.
[[nodiscard]] std::optional<std::string> closest_name(std::string_view name, const std::vector<std::string>& candidates);

// For a diagnostic's hint: "did you mean `x`?", or `fallback` when nothing is close.
[[nodiscard]] std::string suggestion_hint(std::string_view name, const std::vector<std::string>& candidates,
                                          std::string fallback);

// For the end of a message: ", did you mean `x`?", or "" when nothing is close.
[[nodiscard]] std::string did_you_mean_suffix(std::string_view name, const std::vector<std::string>& candidates);

// "a, b, c" — names joined for a message; "(none)" when empty.
[[nodiscard]] std::string join_names(const std::vector<std::string>& names);

}  // namespace docket
