// `-` as a file argument: standard input, read once and shown as <stdin>.
#pragma once

#include <string>

namespace docket::cli {

inline constexpr const char* kStdinName = "<stdin>";

// The whole of standard input (read on the first call and kept); false with `error` when it cannot be read.
bool standard_input(std::string& text, std::string& error);

// The text of a file argument: standard input for "-", else the file's; false with `error` (naming it) when it cannot be read.
bool read_file_argument(const std::string& path, std::string& text, std::string& error);

// How messages name a file argument: "<stdin>" for "-", else the path.
[[nodiscard]] std::string shown_name(const std::string& path);

}  // namespace docket::cli
