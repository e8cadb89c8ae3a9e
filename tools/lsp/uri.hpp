// file:// URIs as LSP clients send them, to and from paths.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace docket::lsp {

// `file:///work/a%20b.dkt` for /work/a b.dkt: every byte but letters, digits and `-._~/` escaped.
std::string path_to_uri(const std::filesystem::path& path);
// The path of a `file:` URI (percent escapes decoded, an empty or `localhost` authority); nullopt
// for any other scheme or a bad escape.
std::optional<std::filesystem::path> uri_to_path(std::string_view uri);

}  // namespace docket::lsp
