// Quote-free CSV blocks: SSE2 compares make 64-bit masks of commas and line breaks (a byte loop elsewhere).
#include "cli/classify/csv_plain.hpp"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace docket::cli {

namespace {

#if defined(__SSE2__)
// Bit i set when p[i] == c, for 16 bytes.
inline std::uint64_t mask16(__m128i bytes, __m128i c) {
  return static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, c)));
}
#endif

}  // namespace

std::size_t count_line_breaks(std::string_view data) noexcept {
  std::size_t n = 0;
  std::size_t i = 0;
#if defined(__SSE2__)
  const __m128i nl = _mm_set1_epi8('\n');
  const std::size_t whole = data.size() & ~std::size_t{15};
  while (i < whole) {
    // Up to 255 blocks of 16 bytes add their matches (each -1) into byte counters, then sum them.
    __m128i counts = _mm_setzero_si128();
    const std::size_t stop = i + std::min<std::size_t>(whole - i, 255 * 16);
    for (; i < stop; i += 16) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data.data() + i));
      counts = _mm_sub_epi8(counts, _mm_cmpeq_epi8(bytes, nl));
    }
    const __m128i sums = _mm_sad_epu8(counts, _mm_setzero_si128());
    n += static_cast<std::size_t>(static_cast<std::uint32_t>(_mm_cvtsi128_si32(sums))) +
         static_cast<std::size_t>(static_cast<std::uint32_t>(_mm_cvtsi128_si32(_mm_unpackhi_epi64(sums, sums))));
  }
#endif
  for (; i < data.size(); ++i) n += static_cast<std::size_t>(data[i] == '\n');
  return n;
}

PlainCsvSplitter::PlainCsvSplitter(std::string_view data) noexcept : data_(data.data()), size_(data.size()) {
  load();
}

void PlainCsvSplitter::load() noexcept {
  seps_ = 0;
  breaks_ = 0;
  if (base_ >= size_) return;
  const char* p = data_ + base_;
  alignas(16) char padded[64];
  if (size_ - base_ < 64) {  // the block's last bytes: zeros after them are neither separator
    std::memset(padded, 0, sizeof padded);
    std::memcpy(padded, p, size_ - base_);
    p = padded;
  }
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(',');
  const __m128i nl = _mm_set1_epi8('\n');
  for (int k = 0; k < 4; ++k) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    breaks_ |= mask16(bytes, nl) << (16 * k);
    seps_ |= (mask16(bytes, comma) | mask16(bytes, nl)) << (16 * k);
  }
#else
  for (int k = 0; k < 64; ++k) {
    const std::uint64_t bit = std::uint64_t{1} << k;
    if (p[k] == '\n') breaks_ |= bit;
    if (p[k] == '\n' || p[k] == ',') seps_ |= bit;
  }
#endif
}

PlainCsvSplitter::Status PlainCsvSplitter::next(std::vector<std::string_view>& fields) {
  fields.clear();
  if (pos_ >= size_) return Status::end;
  while (true) {
    while (seps_ == 0) {
      base_ += 64;
      if (base_ >= size_) {  // the last record has no line break
        fields.emplace_back(data_ + pos_, size_ - pos_);
        pos_ = size_;
        return Status::record;
      }
      load();
    }
    const auto bit = static_cast<unsigned>(__builtin_ctzll(seps_));
    const std::size_t at = base_ + bit;
    seps_ &= seps_ - 1;
    if (((breaks_ >> bit) & 1U) == 0) {
      fields.emplace_back(data_ + pos_, at - pos_);
      pos_ = at + 1;
      continue;
    }
    std::size_t end = at;
    if (end > pos_ && data_[end - 1] == '\r') --end;
    const std::size_t begin = pos_;
    pos_ = at + 1;
    if (fields.empty() && end == begin) return Status::empty_line;
    fields.emplace_back(data_ + begin, end - begin);
    return Status::record;
  }
}

}  // namespace docket::cli
