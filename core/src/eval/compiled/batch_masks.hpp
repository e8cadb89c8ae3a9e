// Column-wise masks: ANDing one slot's atom masks into the row bitsets of a block of batch rows.
#pragma once

#include <cstddef>
#include <cstdint>

#include "eval/compiled/batch.hpp"
#include "eval/compiled/plan.hpp"

namespace docket::detail {

// For rows begin..begin+n of column `c` (the slot `mc` cuts), ANDs the mask of each row's atom
// into m[i * words ...]. Rows whose value is missing or irregular get some atom's mask; callers
// answer such rows otherwise.
void and_column(const MaskColumn& mc, const BatchColumn& c, std::size_t words, std::size_t begin, std::size_t n,
                std::uint64_t* m);

}  // namespace docket::detail
