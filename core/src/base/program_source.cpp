// ProgramSource: a program's .dkt files as JSON and their sha256, the identity of a program version.
#include "docket/core/program_source.hpp"

#include <openssl/evp.h>

#include <array>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "base/json_writer.hpp"

namespace docket {

std::string ProgramSource::to_json() const {
  std::string out;
  detail::JsonWriter w(out);
  w.begin_object();
  w.key("files");
  w.begin_array();
  for (const File& f : files) {
    w.begin_object();
    w.key("name");
    w.string(f.name);
    w.key("text");
    w.string(f.text);
    w.end_object();
  }
  w.end_array();
  w.end_object();
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

std::string ProgramSource::hash() const { return empty() ? std::string() : sha256_hex(to_json()); }

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL could not compute a sha256");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * size);
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace docket
