// Program versions: instances run to their end on the version they started on; migrations move them only when they fit.
#include <gtest/gtest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "docket/core/engine.hpp"
#include "docket/core/json_value.hpp"
#include "docket/core/program_source.hpp"
#include "docket/core/sqlite_store.hpp"
#include "docket/dsl/compile.hpp"
#include "sla_fixture.hpp"

namespace docket {
namespace {

using namespace docket::test;

// Version 1: accept, then survey. Version 2 adds a check between them. Version 3 renames survey.
std::string program_text(const std::string& flow_steps, const std::string& flow) {
  return fmt::format(R"(module t
record Job {{ id: text }}
workflow w(j: Job) {{
{}
  end done
  flow {{ {} }}
}}
)",
                     flow_steps, flow);
}
const std::string kV1 = program_text("  step accept by role \"counter\"\n  step survey by role \"field\"",
                                     "start -> accept -> survey -> done");
const std::string kV2 = program_text(
    "  step accept by role \"counter\"\n  step check by role \"office\"\n  step survey by role \"field\"",
    "start -> accept -> check -> survey -> done");
const std::string kV3 = program_text("  step accept by role \"counter\"\n  step visit by role \"field\"",
                                     "start -> accept -> visit -> done");

// Compiles .dkt text as a host would, keeping its source as the program's version.
struct Versions {
  std::vector<std::unique_ptr<SourceSet>> sources;
  FunctionRegistry functions;

  std::shared_ptr<const Program> compile(const ProgramSource& source) {
    auto set = std::make_unique<SourceSet>();
    for (const ProgramSource::File& f : source.files) set->add(f.name, f.text);
    Diagnostics diagnostics;
    std::optional<ir::Module> module = dsl::compile(*set, functions, diagnostics);
    EXPECT_TRUE(module.has_value());
    sources.push_back(std::move(set));
    return Program::lower(std::move(*module), functions, diagnostics, source);
  }
  std::shared_ptr<const Program> of(const std::string& text) { return compile(ProgramSource{{{"w.dkt", text}}}); }
  ProgramLoader loader() {
    return [this](const ProgramVersion& v) {
      std::string error;
      std::optional<ProgramSource> source = ProgramSource::from_json(v.sources, error);
      EXPECT_TRUE(source.has_value()) << error;
      return compile(*source);
    };
  }
};

class VersionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = std::filesystem::temp_directory_path() /
          fmt::format("docket-versions-{}-{}", ::testing::UnitTest::GetInstance()->current_test_info()->name(), ::getpid());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    path = (dir / "store.sqlite").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir); }

  std::unique_ptr<Engine> engine(const std::shared_ptr<const Program>& program, Store& store) {
    auto e = std::make_unique<Engine>(program, clock);
    e->use_program_loader(versions.loader());
    e->use_store(store);
    return e;
  }
  Value job(const Program& p, const std::string& id) {
    return value_from_json(fmt::format(R"({{"id": "{}"}})", id), p.module().find_workflow("w")->params[0].type, "j");
  }

  VirtualClock clock{sh("2025-09-22T09:00")};
  Versions versions;
  std::filesystem::path dir;
  std::string path;
};

TEST_F(VersionsTest, AnInstanceFinishesOnTheVersionItStartedOnAfterANewOneAndARestart) {
  const auto v1 = versions.of(kV1);
  const auto v2 = versions.of(kV2);
  ASSERT_NE(v1->hash(), v2->hash());
  InstanceId old_one = 0;
  {
    SqliteStore store(path);
    auto e = engine(v1, store);
    EXPECT_EQ(e->program_version(), 1U);
    old_one = e->start("w", {job(*v1, "J1")});
  }
  InstanceId new_one = 0;
  {
    SqliteStore store(path);
    auto e = engine(v2, store);  // v2 deployed: new instances start on it
    EXPECT_EQ(e->program_version(), 2U);
    new_one = e->start("w", {job(*v2, "J2")});
    e->complete(old_one, "accept");  // along version 1's flow: straight to survey
    EXPECT_EQ(e->status(old_one).active, std::vector<std::string>{"survey"});
    EXPECT_EQ(e->status(old_one).version, 1U);
    e->complete(new_one, "accept");
    EXPECT_EQ(e->status(new_one).active, std::vector<std::string>{"check"});
    EXPECT_EQ(e->status(new_one).version, 2U);
  }
  SqliteStore store(path);
  auto e = engine(v2, store);  // after a restart
  e->complete(old_one, "survey");
  EXPECT_TRUE(e->status(old_one).finished);
  EXPECT_EQ(e->status(old_one).version, 1U);
  ASSERT_EQ(store.versions().size(), 2U);
  EXPECT_EQ(store.versions()[0].hash, v1->hash());
  EXPECT_NE(store.versions()[0].sources.find("start -> accept -> survey -> done"), std::string::npos);
}

TEST_F(VersionsTest, AMigrationThatFitsMovesTheInstanceAndOneThatDoesNotIsRefusedNamingTheStep) {
  const auto v1 = versions.of(kV1);
  SqliteStore store(path);
  InstanceId at_accept = 0;
  InstanceId at_survey = 0;
  {
    auto e = engine(v1, store);
    at_accept = e->start("w", {job(*v1, "J1")});
    at_survey = e->start("w", {job(*v1, "J2")});
    e->complete(at_survey, "accept");
  }
  const auto v2 = versions.of(kV2);
  auto e = engine(v2, store);
  e->migrate(at_accept, 2);  // it is at accept, which version 2 has
  EXPECT_EQ(e->status(at_accept).version, 2U);
  e->complete(at_accept, "accept");  // now along version 2's flow
  EXPECT_EQ(e->status(at_accept).active, std::vector<std::string>{"check"});
  const std::vector<TraceEntry> trail = e->audit(at_accept);
  EXPECT_TRUE(std::any_of(trail.begin(), trail.end(), [](const TraceEntry& t) {
    return t.detail == "moved from program version 1 to 2";
  }));

  const auto v3 = versions.of(kV3);
  ASSERT_EQ(store.deploy({0, v3->hash(), v3->source().to_json(), clock.now()}), 3U);
  try {
    e->migrate(at_survey, 3);
    FAIL() << "moved an instance at a step the version does not have";
  } catch (const EngineError& err) {
    const std::string what = err.what();
    EXPECT_NE(what.find(fmt::format("instance {} cannot move from program version 1 to 3", at_survey)), std::string::npos) << what;
    EXPECT_NE(what.find("`survey`, which workflow `w` no longer has"), std::string::npos) << what;
  }
  EXPECT_EQ(e->status(at_survey).version, 1U);  // unchanged
  EXPECT_EQ(e->status(at_survey).active, std::vector<std::string>{"survey"});
  EXPECT_THROW(e->migrate(at_accept, 2), EngineError);  // already there
}

TEST_F(VersionsTest, AVersionNoLoaderCanCompileIsNamed) {
  const auto v1 = versions.of(kV1);
  SqliteStore store(path);
  InstanceId id = 0;
  {
    auto e = engine(v1, store);
    id = e->start("w", {job(*v1, "J1")});
  }
  Engine bare(versions.of(kV2), clock);  // no loader
  bare.use_store(store);
  try {
    (void)bare.status(id);
    FAIL() << "read an instance of a version it cannot load";
  } catch (const EngineError& err) {
    EXPECT_NE(std::string(err.what()).find("runs on program version 1"), std::string::npos) << err.what();
    EXPECT_NE(std::string(err.what()).find("give the engine a program loader"), std::string::npos) << err.what();
  }
}

}  // namespace
}  // namespace docket

// A version's identity must not change between releases: hash() (fed a piece at a time) is still the
// sha256 of the whole JSON, for texts that need escaping and for several files.
TEST(ProgramSourceHash, IsTheSha256OfTheWholeJson) {
  docket::ProgramSource s;
  s.files.push_back({"a.dkt", "module a\n# \"quoted\" \\ back\tslash\n"});
  s.files.push_back({"b.dkt", std::string(100000, 'x') + "\u9500\u552e\n"});
  EXPECT_EQ(s.hash(), docket::sha256_hex(s.to_json()));
  EXPECT_EQ(docket::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(docket::ProgramSource{}.hash(), "");
}
