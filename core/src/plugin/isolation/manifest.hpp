// What a plugin registered in its helper process, as the helper reports it to the engine.
#pragma once

#include <optional>
#include <string>

#include "plugin/isolation/wire.hpp"
#include "plugin/library_record.hpp"
#include "plugin/staged.hpp"

namespace docket::plugin {

// The plugin's identity and its registrations (names, signatures, flags, deadlines; no pointers:
// those live in the helper). Calls name a registration by its index in these lists.
struct Manifest {
  std::string name;
  std::string version;
  unsigned abi_major = 0;
  unsigned abi_minor = 0;
  Registrations registered;
};

// Helper side: the manifest of a loaded library.
void write_manifest(wire::Writer& out, const LibraryRecord& record);

// Engine side: reads a manifest; nullopt when it is malformed. Each policy names the plugin.
[[nodiscard]] std::optional<Manifest> read_manifest(wire::Reader& in);

// True when a restarted helper registered exactly what the first one did.
[[nodiscard]] bool same_registrations(const Registrations& a, const Registrations& b);

}  // namespace docket::plugin
