// The fuzz targets' shared parts, and the Boost assertion handler every target links.
#include "fuzz_support.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>

#include "docket/core/diagnostic.hpp"
#include "docket/core/source.hpp"
#include "docket/dsl/compile.hpp"

namespace docket::fuzz {

namespace {

// Every kind of value a reader converts: texts, enums, numbers, ints, bools, times, durations,
// lists and a nested record; a rule list, a table under `collect`, and a workflow with outcomes.
constexpr const char* kProgram = R"dkt(
enum Area { urban, rural, remote }
enum Tariff { residential, commercial, industrial }

record Site {
  district : text
  area     : Area = urban
}

record Customer {
  id         : text
  area       : Area = urban
  tariff     : Tariff = residential
  voltage_kv : number = 0.22
  load_level : int = 3
  important  : bool = false
  since      : time = 2025-01-01T00:00 Asia/Shanghai
  patience   : duration = 24h
}

# Lists and nested records (classify reads Customer from columns, so they live here).
record Ticket {
  customer : Customer
  tags     : list of text
  site     : Site
}

decision segment(c: Customer) -> text {
  hit first
  rule "vip" when c.important and c.voltage_kv >= 10 then "key"
  rule when c.area in (rural, remote) or c.tariff == industrial then "field"
  rule when site.district(c.id) == "east" then "east"
  otherwise "standard"
}

decision tagged(t: Ticket) -> text {
  hit first
  rule when "lab" in t.tags and t.site.area == rural then "rural lab"
  rule when t.site.district == "east" or [t.site.district] == t.tags then segment(t.customer)
  otherwise "plain"
}

table priority(c: Customer, extra: int) -> (level: int, label: text) {
  hit first
  | c.area | c.load_level + extra | c.voltage_kv || level | label  |
  | rural  | >= 3                 | -            || 1     | "high" |
  | -      | [1..2]               | > 10         || 2     | segment(c) |
  | -      | -                    | -            || 3     | "low"  |
}

table flags(c: Customer) -> text {
  hit collect
  | c.tariff              | c.patience || flag     |
  | residential           | >= 48h    || "slow"   |
  | commercial, industrial | -        || "business" |
  | -                     | < 1h      || "urgent" |
}

workflow repair(c: Customer) {
  label "故障报修"
  step accept "受理" by role "counter" within 2h
       outcome feasible: bool, crew: text
  step visit by role segment(c) within 1d
  wait pending
  end done, rejected
  flow {
    start -> accept
    accept -> visit when accept.feasible
    accept -> rejected otherwise
    accept -> pending on customer_away
    pending -> accept on customer_back
    visit -> done
  }
}
)dkt";

}  // namespace

const FunctionRegistry& registry() {
  static const FunctionRegistry functions = [] {
    FunctionRegistry f;
    f.add({"site.district", {Type::text()}, Type::text(), "fuzz"}, [](auto) { return Value("pudong"); });
    return f;
  }();
  return functions;
}

const SourceSet& program_sources() {
  static const SourceSet sources = [] {
    SourceSet s;
    s.add("fuzz_program.dkt", kProgram);
    return s;
  }();
  return sources;
}

const std::shared_ptr<const Program>& program() {
  static const std::shared_ptr<const Program> compiled = [] {
    const SourceSet& sources = program_sources();
    Diagnostics diagnostics;
    std::optional<ir::Module> module = dsl::compile(sources, registry(), diagnostics);
    std::shared_ptr<const Program> p;
    if (module) p = Program::lower(std::move(*module), registry(), diagnostics);
    if (!p) {
      for (const Diagnostic& d : diagnostics.all()) std::fputs(render_text(d, sources).c_str(), stderr);
      std::fputs("fuzz_support: the fixed program does not compile\n", stderr);
      std::abort();
    }
    return p;
  }();
  return compiled;
}

MemFile::MemFile(const std::uint8_t* data, std::size_t size) {
  fd_ = memfd_create("fuzz", MFD_CLOEXEC);
  if (fd_ < 0) {
    std::perror("memfd_create");
    std::abort();
  }
  for (std::size_t done = 0; done < size;) {
    const ssize_t n = ::write(fd_, data + done, size - done);
    if (n <= 0) {
      std::perror("write");
      std::abort();
    }
    done += static_cast<std::size_t>(n);
  }
}

MemFile::~MemFile() { ::close(fd_); }

std::string MemFile::path() const { return "/proc/self/fd/" + std::to_string(fd_); }

int MemFile::reopen() const { return ::open(path().c_str(), O_RDONLY | O_CLOEXEC); }

void require(bool ok, std::string_view what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz property failed: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

bool valid_json_lines(std::string_view text) {
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    if (!line.empty() && !nlohmann::json::accept(line)) return false;
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return true;
}

}  // namespace docket::fuzz

// BOOST_ENABLE_ASSERT_HANDLER (cmake/DocketFuzz.cmake): a failed BOOST_ASSERT aborts, as assert() would.
// For exploring past a known, already reported failure, DOCKET_FUZZ_IGNORE_ASSERT may name the asserted
// expression to let through (e.g. "strict_ischar(ch)"); `tools/dev.sh fuzz` never sets it.
namespace boost {
void assertion_failed_msg(char const* expr, char const* msg, char const* function, char const* file, long line) {
  const char* ignored = std::getenv("DOCKET_FUZZ_IGNORE_ASSERT");
  if (ignored != nullptr && std::strcmp(ignored, expr) == 0) return;
  std::fprintf(stderr, "%s:%ld: %s: Boost assertion `%s' failed%s%s\n", file, line, function, expr,
               msg != nullptr ? ": " : "", msg != nullptr ? msg : "");
  std::abort();
}
void assertion_failed(char const* expr, char const* function, char const* file, long line) {
  assertion_failed_msg(expr, nullptr, function, file, line);
}
}  // namespace boost
