// The district of a Shanghai address, by a keyword table (Chinese and English names).
#pragma once

#include <string_view>

namespace site_district {

// The district id ("pudong", "minhang", ...) of an address, or "unknown". Matching is by keyword:
// Chinese names as written, English names case-insensitively (ASCII). When several districts are
// named, one followed by a district marker (区, "district", "new area") wins, else the earliest.
// The address must not be empty (the caller reports that).
[[nodiscard]] std::string_view district_of(std::string_view address);

}  // namespace site_district
