// Did-you-mean: the closest known name to a misspelt one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace docket::dsl {

// The candidate nearest to `wrong` by edit distance, if it is near enough to be a likely typo;
// otherwise an empty string.
std::string closest_name(std::string_view wrong, const std::vector<std::string>& candidates);

// "did you mean `x`?" or, with no close candidate, the fallback text.
std::string did_you_mean(std::string_view wrong, const std::vector<std::string>& candidates,
                         std::string fallback);

}  // namespace docket::dsl
