// SHA-256 of a plugin file (OpenSSL libcrypto), read from an open descriptor.
#include "plugin/file_sha256.hpp"

#include <openssl/evp.h>
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>

namespace docket::plugin {

std::optional<std::string> fd_sha256(int fd, std::string& error) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    error = "OpenSSL could not start a SHA-256 digest";
    return std::nullopt;
  }
  std::array<unsigned char, 1 << 16> buffer{};
  while (true) {
    const ssize_t got = ::read(fd, buffer.data(), buffer.size());
    if (got < 0) {
      if (errno == EINTR) continue;
      error = std::string("cannot read it: ") + std::strerror(errno);
      return std::nullopt;
    }
    if (got == 0) break;
    if (EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<std::size_t>(got)) != 1) {
      error = "OpenSSL failed while hashing";
      return std::nullopt;
    }
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest.data(), &size) != 1) {
    error = "OpenSSL failed to finish the digest";
    return std::nullopt;
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

}  // namespace docket::plugin

namespace docket {

std::optional<std::string> file_sha256(const std::filesystem::path& path, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = "cannot open '" + path.string() + "': " + std::strerror(errno);
    return std::nullopt;
  }
  auto digest = plugin::fd_sha256(fd, error);
  ::close(fd);
  if (!digest) error = "'" + path.string() + "': " + error;
  return digest;
}

}  // namespace docket
