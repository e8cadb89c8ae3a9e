// UTF-8 validity: text values are valid UTF-8 everywhere (sources, CSV fields, JSON, TOML), and
// every JSON writer can rely on it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace docket {

// The byte offset of the first byte that does not start a valid UTF-8 sequence (RFC 3629: no
// overlong forms, no surrogates, nothing above U+10FFFF), or nullopt when all of `text` is valid.
[[nodiscard]] std::optional<std::size_t> first_invalid_utf8(std::string_view text) noexcept;

// `text` with every invalid sequence replaced by U+FFFD (for output that must stay valid JSON).
[[nodiscard]] std::string valid_utf8(std::string_view text);

}  // namespace docket
