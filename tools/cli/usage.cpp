// The CLI's usage errors: arguments checked before CLI11 parses them, and CLI11's own failures reworded.
#include "cli/usage.hpp"

#include <fmt/format.h>

#include <cctype>
#include <filesystem>

#include "cli/color.hpp"
#include "docket/core/suggest.hpp"

namespace docket::cli {

namespace {

// "text or json", "csv, jsonl or html".
std::string or_list(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

const CLI::App* subcommand_named(const CLI::App& app, const std::string& name) {
  std::vector<const CLI::App*> found =
      app.get_subcommands([&name](const CLI::App* s) { return s->get_name() == name; });
  return found.empty() ? nullptr : found.front();
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* s : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(s->get_name());
  return names;
}

// "docket outbox list": the command's name with its parents'.
std::string command_path(const CLI::App& app) {
  std::string path = app.get_name();
  for (const CLI::App* p = app.get_parent(); p != nullptr; p = p->get_parent()) path = p->get_name() + " " + path;
  return path;
}

// The deepest subcommand the parse got into (the app itself when none).
const CLI::App& deepest_parsed(const CLI::App& app) {
  const CLI::App* current = &app;
  for (std::vector<CLI::App*> subs = current->get_subcommands(); !subs.empty(); subs = current->get_subcommands()) {
    current = subs.front();
  }
  return *current;
}

std::string help_hint(const CLI::App& command) {
  const std::string path = command_path(command);
  return path == "docket" ? "  hint: `docket --help` lists the commands"
                          : fmt::format("  hint: `docket help {}` shows its arguments", path.substr(7));
}

bool looks_like_number(const std::string& arg) {
  return arg.size() > 1 && arg[0] == '-' && (std::isdigit(static_cast<unsigned char>(arg[1])) != 0 || arg[1] == '.');
}

std::string error_word() { return paint("error", Style::error, color_enabled(2)); }

// Takes --color[=]WHEN out of `args`, wherever it is (before `--`).
bool take_color_option(std::vector<std::string>& args, std::string& error) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") break;
    std::string value;
    std::size_t taken = 1;
    if (args[i].starts_with("--color=")) {
      value = args[i].substr(8);
    } else if (args[i] == "--color") {
      if (i + 1 == args.size()) {
        error = "`--color` takes auto, always or never";
        return false;
      }
      value = args[i + 1];
      taken = 2;
    } else {
      continue;
    }
    ColorMode mode = ColorMode::automatic;
    if (!parse_color_mode(value, mode)) {
      error = fmt::format("`--color` takes auto, always or never, not `{}`", value);
      return false;
    }
    set_color_mode(mode);
    args.erase(args.begin() + static_cast<std::ptrdiff_t>(i), args.begin() + static_cast<std::ptrdiff_t>(i + taken));
    --i;
  }
  return true;
}

std::vector<std::string> option_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* o : command.get_options()) {
    for (const std::string& l : o->get_lnames()) names.push_back("--" + l);
    for (const std::string& s : o->get_snames()) names.push_back("-" + s);
  }
  return names;
}

}  // namespace

CLI::Validator one_of(const std::string& option, std::vector<std::string> choices) {
  const std::string description = or_list(choices);
  return CLI::Validator(
      [option, choices, description](std::string& value) -> std::string {
        for (const std::string& c : choices) {
          if (value == c) return std::string();
        }
        return fmt::format("`{}` takes {}, not `{}`{}", option, description, value, did_you_mean_suffix(value, choices));
      },
      "{" + description + "}");
}

CLI::Validator existing_file(bool stdin_ok, bool folders_too) {
  return CLI::Validator(
      [stdin_ok, folders_too](std::string& path) -> std::string {
        if (path == "-") {
          return stdin_ok ? std::string() : std::string("`-` (standard input) is not taken here: name a file");
        }
        std::error_code ec;
        const std::filesystem::file_status st = std::filesystem::status(path, ec);
        if (ec || !std::filesystem::exists(st)) {
          return fmt::format("`{}` does not exist (check the path{})", path, stdin_ok ? "; `-` reads standard input" : "");
        }
        if (!folders_too && std::filesystem::is_directory(st)) return fmt::format("`{}` is a folder: name a file", path);
        return std::string();
      },
      folders_too ? "PATH" : "FILE");
}

bool prepare_arguments(const CLI::App& app, std::vector<std::string>& args, std::string& error) {
  if (!take_color_option(args, error)) return false;
  if (!args.empty() && args[0] == "help") {
    args.erase(args.begin());
    args.emplace_back("--help");
  }
  const CLI::App* current = &app;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") break;
    if (arg.size() > 1 && arg[0] == '-' && !looks_like_number(arg)) {
      const bool is_long = arg.starts_with("--");
      const std::string name = is_long ? arg.substr(0, arg.find('=')) : arg.substr(0, 2);
      const CLI::Option* option = current->get_option_no_throw(name);
      if (option == nullptr) {
        const std::string path = command_path(*current);
        error = fmt::format("`{}` has no option `{}`{}\n{}", path, name, did_you_mean_suffix(name, option_names(*current)),
                            help_hint(*current));
        return false;
      }
      // An option's value is the next argument (`--zone UTC`, `-i -1`) unless it came with it.
      const bool value_attached = is_long ? arg.find('=') != std::string::npos : arg.size() > 2;
      if (option->get_expected_min() > 0 && !value_attached) ++i;
      continue;
    }
    const bool wants_command = current->get_require_subcommand_min() > 0;
    if (const CLI::App* sub = subcommand_named(*current, arg); sub != nullptr) {
      current = sub;
    } else if (wants_command) {
      const std::string path = command_path(*current);
      error = fmt::format("`{}` has no command `{}`{}\n{}", path, arg, did_you_mean_suffix(arg, subcommand_names(*current)),
                          help_hint(*current));
      return false;
    }
  }
  return true;
}

std::string usage_error_text(const CLI::App& app, const CLI::ParseError& e) {
  const CLI::App& command = deepest_parsed(app);
  const std::string name = e.get_name();
  std::string message = e.what();
  if (name == "ValidationError") {
    // "NAME: MESSAGE": docket's validators say which option; CLI11's do not.
    const std::size_t colon = message.find(": ");
    std::string option = colon == std::string::npos ? std::string() : message.substr(0, colon);
    std::string what = colon == std::string::npos ? message : message.substr(colon + 2);
    if (!what.starts_with("`") && !what.empty()) {
      what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));  // CLI11's "Value 10 not in range ..."
    }
    message = what.starts_with("`") || option.empty() ? what : fmt::format("`{}`: {}", option, what);
  } else if (name == "RequiredError") {
    const std::string what = message.substr(0, message.rfind(" is required"));
    message = what == "A subcommand" ? fmt::format("`{}` needs a command", command_path(command))
                                     : fmt::format("`{}` needs `{}`", command_path(command), what);
  } else if (name == "ExtrasError") {
    const std::string prefix = "The following argument";
    const std::size_t colon = message.find(": ");
    message = colon != std::string::npos && message.starts_with(prefix)
                  ? fmt::format("`{}` takes no more arguments: unexpected {}", command_path(command), message.substr(colon + 2))
                  : message;
  } else if (!message.empty()) {
    message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  }
  return fmt::format("{}: {}\n{}\n", error_word(), message, help_hint(command));
}

}  // namespace docket::cli
