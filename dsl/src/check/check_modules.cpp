// Modules and imports: which module each file belongs to, and which declarations a file may use.
#include <fmt/format.h>

#include "check/checker.hpp"
#include "docket/core/suggest.hpp"

namespace docket::dsl {

namespace {

template <class T>
const T* as(const ast::Declaration& d) {
  return boost::get<T>(&d.get());
}

}  // namespace

// `module customers`: where the name is (the declaration ends with it).
SourceRange Checker::name_range(const ast::Located& decl, const std::string& name) const {
  return {file_, decl.end - static_cast<std::uint32_t>(name.size()), decl.end};
}

namespace {

}  // namespace

void Checker::declare_modules(const FileRefs& files) {
  std::set<std::string> modules;
  for (const ast::File& f : files) {
    FileModules& fm = files_[f.file_id];
    file_ = f.file_id;
    for (const ast::Declaration& d : f.declarations) {
      const auto* m = as<ast::ModuleDecl>(d);
      if (m == nullptr) continue;
      if (index_) index_->module(m->name, name_range(*m, m->name), range(*m));
      if (!fm.module.empty()) {
        error("D0201", range(*m), fmt::format("this file already says `module {}`", fm.module),
              "a file belongs to one module: keep one `module` line");
        continue;
      }
      fm.module = m->name;
      if (module_.name.empty()) module_.name = m->name;  // the program is named after its first module
    }
    if (fm.module.empty()) fm.module = "main";
    modules.insert(fm.module);
  }
  const std::vector<std::string> names(modules.begin(), modules.end());
  for (const ast::File& f : files) {
    FileModules& fm = files_[f.file_id];
    file_ = f.file_id;
    for (const ast::Declaration& d : f.declarations) {
      const auto* i = as<ast::ImportDecl>(d);
      if (i == nullptr) continue;
      if (index_) index_->use(index_->find_module(i->name), name_range(*i, i->name), SlotKind::module);
      if (i->name == fm.module) {
        warning("D0212", range(*i), fmt::format("this file is in module `{}` already", i->name),
                "a module sees its own declarations: remove the import");
      } else if (modules.count(i->name) == 0) {
        error("D0201", range(*i), fmt::format("no file of the program declares `module {}`", i->name),
              suggestion_hint(i->name, names, "check the spelling, or pass the file that declares it to docket"));
      } else if (!fm.imports.try_emplace(i->name, range(*i)).second) {
        warning("D0212", range(*i), fmt::format("module `{}` is imported twice", i->name), "remove one import");
      }
    }
  }
}

void Checker::note_visible(const std::string& name, SourceRange where) {
  auto owner = owners_.find(name);
  if (owner == owners_.end()) return;
  FileModules& fm = files_[file_];
  if (owner->second == fm.module) return;
  if (fm.imports.count(owner->second) != 0) {
    fm.used_imports.insert(owner->second);
    return;
  }
  error("D0206", where, fmt::format("`{}` is declared in module `{}`, which this file does not import", name, owner->second),
        fmt::format("add `import {}` under this file's `module` line", owner->second));
}

void Checker::warn_unused_imports() {
  for (const auto& [file, fm] : files_) {
    for (const auto& [module, where] : fm.imports) {
      if (fm.used_imports.count(module) == 0) {
        warning("D0212", where, fmt::format("nothing from module `{}` is used in this file", module),
                "remove the import");
      }
    }
  }
}

}  // namespace docket::dsl
