// "Did you mean ...?": the closest known name to a misspelt one, by edit distance.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docket::detail {

// Levenshtein distance in bytes.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `name` when it is close enough to be a likely typo (distance at
// most a third of the name's length, and at least 1); nullopt otherwise.
[[nodiscard]] std::optional<std::string> closest_name(std::string_view name, const std::vector<std::string>& candidates);

// ", did you mean `x`?" or "" — ready to append to a message.
[[nodiscard]] std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

// "a, b, c" — the candidates joined for a message; "(none)" when empty.
[[nodiscard]] std::string join_names(const std::vector<std::string>& names);

}  // namespace docket::detail
