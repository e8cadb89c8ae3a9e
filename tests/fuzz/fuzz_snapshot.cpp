// Fuzz target: arbitrary bytes as a stored instance's snapshot — recovered, driven and run a month on without a crash.
//
// A store row is outside input: a file an operator copied, a database another version wrote, a disk
// that flipped a bit. Whatever the snapshot holds, the engine either refuses it with a StoreError or
// EngineError naming the instance, or runs it: events, timers and actions on the decoded state must
// never index out of range, loop, or abort. Seeds: tests/fuzz/corpus/snapshot (snapshots a real run wrote).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "docket/core/engine.hpp"
#include "docket/core/store.hpp"
#include "docket/dsl/compile.hpp"
#ifdef DOCKET_FUZZ_SUPPORT
#include "fuzz_support.hpp"  // the fuzz build's shared registry (and its BOOST_ASSERT handler)
#endif

namespace {

using namespace std::chrono_literals;

const std::shared_ptr<const docket::Program>& program() {
  static const std::shared_ptr<const docket::Program> p = [] {
    std::ifstream in(DOCKET_FUZZ_SNAPSHOT_PROGRAM);
    std::stringstream text;
    text << in.rdbuf();
    docket::SourceSet sources;
    sources.add("program.dkt", text.str());
#ifdef DOCKET_FUZZ_SUPPORT
    const docket::FunctionRegistry& functions = docket::fuzz::registry();
#else
    static const docket::FunctionRegistry functions;  // the program refers to it for as long as it lives
#endif
    docket::Diagnostics diagnostics;
    auto module = docket::dsl::compile(sources, functions, diagnostics);
    if (!module) std::terminate();  // the fuzzer's own program must compile
    auto lowered = docket::Program::lower(std::move(*module), functions, diagnostics);
    if (lowered == nullptr) std::terminate();
    return lowered;
  }();
  return p;
}

template <typename F>
void tolerate(F&& f) {
  try {
    f();
  } catch (const docket::StoreError&) {
  } catch (const docket::EngineError&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const docket::Instant t0{std::chrono::sys_days{std::chrono::year{2025} / 9 / 26} + 9h};
  docket::VirtualClock clock{t0};
  docket::MemoryStore store;
  docket::Engine engine(program(), clock);
  engine.on_action([](const docket::Action&) {});
  engine.use_store(store);
  docket::StoreBatch row;
  row.instances.push_back(docket::StoredInstance{store.allocate_id(), "repair", engine.program_version(), true, t0,
                                                 std::string(reinterpret_cast<const char*>(data), size)});
  store.write(row);
  tolerate([&] { (void)engine.recover(); });
  tolerate([&] { (void)engine.status(1); });
  tolerate([&] { (void)engine.slas(1); });
  tolerate([&] { engine.complete(1, "accept", {{"crews", docket::Value(std::int64_t{1})}}); });
  tolerate([&] { engine.complete(1, "fix"); });
  tolerate([&] { engine.complete(1, "tell"); });
  tolerate([&] { engine.signal(1, "back"); });
  tolerate([&] { engine.complete(1, "close", {{"satisfied", docket::Value(false)}}); });
  tolerate([&] { engine.retry(1); });
  tolerate([&] { docket::advance_to(engine, clock, t0 + std::chrono::hours(24 * 31)); });
  tolerate([&] { (void)engine.audit(1); });
  return 0;
}
