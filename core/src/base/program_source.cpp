// ProgramSource: a program's .dkt files as JSON and their sha256, the identity of a program version.
#include "docket/core/program_source.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "base/json_writer.hpp"

namespace docket {

namespace {

// Writes the sources' JSON into `out`, calling `flush(out)` after the opening, after each file's name
// and after its text, so a caller may take the text away piece by piece (hash() never holds it whole).
template <class Flush>
void write_json(const std::vector<ProgramSource::File>& files, std::string& out, Flush flush) {
  detail::JsonWriter w(out);
  w.begin_object();
  w.key("files");
  w.begin_array();
  for (const ProgramSource::File& f : files) {
    w.begin_object();
    w.key("name");
    w.string(f.name);
    w.key("text");
    flush(out);
    w.string(f.text);
    flush(out);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  flush(out);
}

std::string hex(const unsigned char* digest, unsigned int size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * size);
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace

std::string ProgramSource::to_json() const {
  std::string out;
  write_json(files, out, [](std::string&) {});
  return out;
}

std::optional<ProgramSource> ProgramSource::from_json(std::string_view json, std::string& error) {
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("files") || !j["files"].is_array()) {
    error = "not a program's sources ({\"files\": [{\"name\": ..., \"text\": ...}]})";
    return std::nullopt;
  }
  ProgramSource out;
  for (const nlohmann::json& f : j["files"]) {
    if (!f.is_object() || !f.contains("name") || !f["name"].is_string() || !f.contains("text") || !f["text"].is_string()) {
      error = "a file of the program's sources lacks its name or text";
      return std::nullopt;
    }
    out.files.push_back({f["name"].get<std::string>(), f["text"].get<std::string>()});
  }
  return out;
}

// The sha256 of to_json()'s bytes, fed to the digest a piece at a time: a 200,000-line program's JSON
// would otherwise be a second copy of its text at the moment memory peaks (lowering).
std::string ProgramSource::hash() const {
  if (empty()) return {};
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL could not start a sha256");
  }
  std::string piece;
  std::size_t largest = 0;
  for (const File& f : files) largest = std::max(largest, f.text.size());
  piece.reserve(largest + largest / 16 + 64);  // the longest escaped text, without growing by doubling
  write_json(files, piece, [&ctx](std::string& out) {
    if (EVP_DigestUpdate(ctx.get(), out.data(), out.size()) != 1) throw std::runtime_error("OpenSSL could not compute a sha256");
    out.clear();
  });
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest.data(), &size) != 1) throw std::runtime_error("OpenSSL could not compute a sha256");
  return hex(digest.data(), size);
}

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL could not compute a sha256");
  }
  return hex(digest.data(), size);
}

}  // namespace docket
