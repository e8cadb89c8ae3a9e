// Reading calendars from TOML: hours "08:30-12:00", days "mon".."sun", dates and ranges, inheritance.
#include "calendar_config.hpp"

#include "toml_support.hpp"
#include "docket/core/clock.hpp"

#include <fmt/format.h>

#include <array>
#include <algorithm>
#include <map>
#include <memory>
#include <set>

namespace docket::host {

namespace {

bool two_digits(std::string_view s, std::size_t at, int& out) {
  if (at + 2 > s.size() || s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9') return false;
  out = (s[at] - '0') * 10 + (s[at + 1] - '0');
  return true;
}

// "08:30-12:00" (24:00 allowed as an end).
bool parse_period(std::string_view s, WorkPeriod& out) {
  int h1 = 0, m1 = 0, h2 = 0, m2 = 0;
  if (s.size() != 11 || s[2] != ':' || s[5] != '-' || s[8] != ':' || !two_digits(s, 0, h1) || !two_digits(s, 3, m1) ||
      !two_digits(s, 6, h2) || !two_digits(s, 9, m2) || m1 > 59 || m2 > 59 || h1 > 24 || h2 > 24) {
    return false;
  }
  out = {static_cast<std::uint16_t>(h1 * 60 + m1), static_cast<std::uint16_t>(h2 * 60 + m2)};
  return true;
}

// "2025-10-01" (the shape only; make_calendar checks that it is a real date).
bool parse_date(std::string_view s, CivilDate& out) {
  int y1 = 0, y2 = 0, mo = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !two_digits(s, 0, y1) || !two_digits(s, 2, y2) ||
      !two_digits(s, 5, mo) || !two_digits(s, 8, d)) {
    return false;
  }
  out = {y1 * 100 + y2, static_cast<unsigned>(mo), static_cast<unsigned>(d)};
  return true;
}

struct Reader {
  std::vector<CalendarSpec>& out;
  std::string& error;
  std::map<std::string, std::size_t> index;   // calendar name -> position in out
  std::set<std::filesystem::path> files_seen;  // include cycles
  // Every [calendars.NAME] table, read before any is resolved, so `inherits` may name a calendar
  // defined later or in another file (TOML++ iterates a table's keys in sorted order, not as written).
  struct Pending {
    std::filesystem::path file;
    std::string name;
    const toml::table* table;
  };
  std::vector<Pending> pending;
  std::vector<std::unique_ptr<toml::table>> roots;  // included files, kept alive for `pending`
  std::set<std::string> resolving;
  std::size_t include_depth = 0;
  static constexpr std::size_t kMaxIncludeDepth = 16;

  bool fail(const std::filesystem::path& file, const toml::node& node, std::string message) {
    error = fmt::format("{}: error: {}", where(file, node), message);
    return false;
  }

  bool calendar(const std::filesystem::path& file, const std::string& name, const toml::table& t) {
    if (!only_keys(file, t, fmt::format("calendar `{}`", name),
                   {"days", "holidays", "hours", "inherits", "workdays", "zone"}, error)) {
      return false;
    }
    CalendarSpec spec;
    spec.name = name;
    if (const toml::node* parent = t.get("inherits")) {
      auto base = parent->value_exact<std::string>();
      if (!base) return fail(file, *parent, "`inherits` must name a calendar in quotes, e.g. inherits = \"cn-national\"");
      if (!resolve(*base, file, *parent)) {
        if (!error.empty()) return false;
        return fail(file, *parent, fmt::format("calendar `{}` inherits from `{}`, which is not defined", name, base.value_or("?")));
      }
      spec = out[index[*base]];
      spec.name = name;
    }
    if (const toml::node* zone = t.get("zone")) {
      auto z = zone->value_exact<std::string>();
      if (!z) return fail(file, *zone, "`zone` must be an IANA time zone in quotes, e.g. \"Asia/Shanghai\"");
      std::string why;
      if (!is_known_zone(*z, why)) {
        if (why.find("did you mean") == std::string::npos) why += "\n  hint: " + zone_regions_hint(*z);
        return fail(file, *zone, fmt::format("calendar `{}`: zone: {}", name, why));
      }
      spec.time_zone = *z;
    }
    if (spec.time_zone.empty()) return fail(file, t, fmt::format("calendar `{}` needs a `zone`, e.g. zone = \"Asia/Shanghai\"", name));

    std::vector<std::pair<std::string, const toml::node*>> hours, days, holidays, workdays;
    if (!text_list(file, t, "hours", hours, error) || !text_list(file, t, "days", days, error) ||
        !text_list(file, t, "holidays", holidays, error) || !text_list(file, t, "workdays", workdays, error)) {
      return false;
    }
    if (!hours.empty() || !days.empty()) {  // the working week is given whole, or inherited whole
      if (hours.empty() || days.empty()) {
        return fail(file, t, fmt::format("calendar `{}` gives `{}` without `{}`; give both", name, hours.empty() ? "days" : "hours",
                                         hours.empty() ? "hours" : "days"));
      }
      std::vector<WorkPeriod> periods;
      for (const auto& [text, node] : hours) {
        WorkPeriod p;
        if (!parse_period(text, p)) return fail(file, *node, fmt::format("`{}` is not a period; write it as \"08:30-12:00\"", text));
        periods.push_back(p);
      }
      static constexpr std::array<const char*, 7> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
      spec.weekly = {};
      for (const auto& [text, node] : days) {
        auto it = std::find(kDays.begin(), kDays.end(), text);
        if (it == kDays.end()) return fail(file, *node, fmt::format("`{}` is not a day; write mon, tue, wed, thu, fri, sat or sun", text));
        spec.weekly[static_cast<std::size_t>(it - kDays.begin())] = periods;
      }
    }
    for (const auto& [text, node] : holidays) {  // inherited holidays stay; these are added
      CivilDate first, last;
      const std::size_t dots = text.find("..");
      bool ok = dots == std::string::npos ? parse_date(text, first) && parse_date(text, last)
                                          : parse_date(text.substr(0, dots), first) && parse_date(text.substr(dots + 2), last);
      if (!ok) return fail(file, *node, fmt::format("`{}` is not a date or range; write \"2025-10-01\" or \"2025-10-01..2025-10-08\"", text));
      spec.holidays.emplace_back(first, last);
    }
    for (const auto& [text, node] : workdays) {
      CivilDate d;
      if (!parse_date(text, d)) return fail(file, *node, fmt::format("`{}` is not a date; write \"2025-09-28\"", text));
      spec.workdays.push_back(d);
    }
    std::string why;
    if (!make_calendar(spec, why)) return fail(file, t, why);
    index[name] = out.size();
    out.push_back(std::move(spec));
    return true;
  }

  // Makes sure calendar `name` is in `out`; false when it is not defined (error empty) or is wrong.
  bool resolve(const std::string& name, const std::filesystem::path& from, const toml::node& at) {
    if (index.count(name) != 0) return true;
    auto it = std::find_if(pending.begin(), pending.end(), [&](const Pending& p) { return p.name == name; });
    if (it == pending.end()) return false;
    if (!resolving.insert(name).second) return fail(from, at, fmt::format("calendars inherit from each other in a cycle through `{}`", name));
    if (resolving.size() > kMaxIncludeDepth * 4) {
      return fail(from, at, fmt::format("calendars inherit more than {} levels deep", kMaxIncludeDepth * 4));
    }
    Pending p = *it;
    bool ok = calendar(p.file, p.name, *p.table);
    resolving.erase(name);
    return ok;
  }

  bool table(const std::filesystem::path& file, const toml::table& calendars) {
    std::error_code ec;
    files_seen.insert(std::filesystem::weakly_canonical(file, ec));
    if (const toml::node* include = calendars.get("include")) {
      const toml::array* files = include->as_array();
      if (files == nullptr) return fail(file, *include, "`include` must be a list of calendar files, e.g. include = [\"cn.toml\"]");
      for (const toml::node& item : *files) {
        auto rel = item.value<std::string>();
        if (!rel) return fail(file, item, "every entry of `include` must be a file name in quotes");
        std::filesystem::path path = (file.parent_path() / *rel).lexically_normal();
        if (files_seen.count(std::filesystem::weakly_canonical(path, ec)) != 0) {
          return fail(file, item, fmt::format("`{}` is included twice (or includes itself)", path.string()));
        }
        std::optional<toml::table> parsed = read_toml_file(path, "calendar file", error, where(file, item));
        if (!parsed) return false;
        auto owned = std::make_unique<toml::table>(std::move(*parsed));
        toml::table& root = *owned;
        for (const auto& [key, node] : root) {
          if (key.str() != "calendars") return fail(path, node, fmt::format("unknown table `{}`; a calendar file holds [calendars.NAME] tables", key.str()));
        }
        roots.push_back(std::move(owned));
        const toml::table* inner = nullptr;
        if (!sub_table(path, root, "calendars", inner, error)) return false;
        if (inner != nullptr) {
          if (++include_depth > kMaxIncludeDepth) {
            return fail(file, item, fmt::format("includes nest more than {} files deep", kMaxIncludeDepth));
          }
          const bool ok = table(path, *inner);
          --include_depth;
          if (!ok) return false;
        }
      }
    }
    for (const auto& [key, node] : calendars) {
      if (key.str() == "include") continue;
      const toml::table* t = node.as_table();
      if (t == nullptr) return fail(file, node, fmt::format("`{}` must be a table: [calendars.{}]", key.str(), key.str()));
      std::string name(key.str());
      for (const Pending& p : pending) {
        if (p.name == name) return fail(file, *t, fmt::format("calendar `{}` is defined twice (also in {})", name, p.file.string()));
      }
      pending.push_back({file, name, t});
    }
    return true;
  }

  bool resolve_all() {
    for (std::size_t i = 0; i < pending.size(); ++i) {
      if (!resolve(pending[i].name, pending[i].file, *pending[i].table)) return false;
    }
    return true;
  }
};

}  // namespace

bool read_calendars(const std::filesystem::path& file, const toml::table& calendars, std::vector<CalendarSpec>& out,
                    std::string& error) {
  Reader reader{out, error, {}, {}, {}, {}, {}, 0};
  return reader.table(file, calendars) && reader.resolve_all();
}

}  // namespace docket::host
