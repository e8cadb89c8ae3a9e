// libFuzzer target: arbitrary bytes as a frame from a plugin helper process (whose plugin may have scribbled
// on its socket): the manifest reader and every field reader must reject them cleanly, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "plugin/isolation/manifest.hpp"
#include "plugin/isolation/wire.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace docket::plugin;
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  {
    wire::Reader in(payload);
    if (auto manifest = read_manifest(in)) (void)same_registrations(manifest->registered, manifest->registered);
  }
  // Answers: values, texts and numbers in any order, as the proxies read them.
  wire::Reader in(payload);
  for (int i = 0; i < 64 && !in.failed() && !in.at_end(); ++i) {
    switch (in.u8() % 4) {
      case 0: (void)in.value(); break;
      case 1: (void)in.text(); break;
      case 2: (void)in.f64(); break;
      default: (void)in.u32(); break;
    }
  }
  return 0;
}
