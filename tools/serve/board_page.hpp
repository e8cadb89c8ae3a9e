// The SLA board page `docket serve` serves at /: one self-contained HTML page that reads /v1/board.
#pragma once

#include <string_view>

namespace docket::serve {

[[nodiscard]] std::string_view board_page();

}  // namespace docket::serve
