// The language features, one file each: what a request gets from an analysed program.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "lsp/document_store.hpp"
#include "lsp/protocol.hpp"

namespace docket::lsp {

// textDocument/publishDiagnostics payloads for every file of the program (empty arrays clear old
// ones), and the configuration's problems on docket.toml; by URI.
std::map<std::string, json> diagnostics_by_uri(const View& view);

// textDocument/hover: the declaration and type of the name at `offset`, or an expression's type.
json hover(const View& view, std::uint32_t file, std::uint32_t offset);

// textDocument/definition and textDocument/references.
json definition(const View& view, std::uint32_t file, std::uint32_t offset);
json references(const View& view, std::uint32_t file, std::uint32_t offset, bool include_declaration);

// textDocument/documentSymbol: the outline of one file.
json document_symbols(const View& view, std::uint32_t file);

// textDocument/prepareRename and textDocument/rename (RequestError when the name cannot change).
json prepare_rename(const View& view, std::uint32_t file, std::uint32_t offset);
json rename(const View& view, std::uint32_t file, std::uint32_t offset, const std::string& new_name);

// textDocument/completion at `offset` of `document` (file `file` of the project).
json completion(Project& project, const View& view, const Document& document, std::uint32_t file,
                std::uint32_t offset);

// textDocument/formatting: `docket fmt`'s layout of the document, as one edit (none when it is
// already formatted or does not parse; `note` then says why).
json formatting(const Document& document, Encoding encoding, std::string& note);

}  // namespace docket::lsp
