// Test helper: a real PostgreSQL server on loopback, started once per test or benchmark binary in a temporary directory.
#pragma once

#include <fmt/format.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace docket::test {

class PostgresServer {
 public:
  // The server, started on first use; a failed start fails the test that asked, with the log.
  // fresh_database() throws std::runtime_error when the server refuses to create one.
  static PostgresServer& get() {
    static PostgresServer server;
    return server;
  }
  [[nodiscard]] bool up() const { return error_.empty(); }
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] int port() const { return port_; }
  // A new, empty database and the connection string for it (names are numbered: PostgreSQL cuts
  // names at 63 bytes).
  std::string fresh_database() {
    PGconn* admin = PQconnectdb(conninfo("postgres").c_str());
    const std::string db = fmt::format("docket_{}", ++databases_);
    PQclear(PQexec(admin, fmt::format("DROP DATABASE IF EXISTS {}", db).c_str()));
    PGresult* r = PQexec(admin, fmt::format("CREATE DATABASE {}", db).c_str());
    const std::string why = PQresultStatus(r) == PGRES_COMMAND_OK ? "" : PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(admin);
    if (!why.empty()) throw std::runtime_error("cannot create database " + db + ": " + why);
    return conninfo(db);
  }
  [[nodiscard]] std::string conninfo(const std::string& db) const {
    return fmt::format("host=127.0.0.1 port={} user=docket dbname={} connect_timeout=5", port_, db);
  }

  ~PostgresServer() {
    if (started_) (void)std::system(as_owner(fmt::format("'{}/pg_ctl' -D '{}' -m immediate stop >/dev/null 2>&1", bin_, dir_.string())).c_str());
    std::filesystem::remove_all(dir_);
  }
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

 private:
  PostgresServer() {
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec_)) {
      if (std::filesystem::exists(entry.path() / "bin" / "initdb")) bin_ = (entry.path() / "bin").string();
    }
    if (bin_.empty()) {
      error_ = "no PostgreSQL server under /usr/lib/postgresql: apt-get install postgresql (bash tools/dev.sh deps does)";
      return;
    }
    dir_ = std::filesystem::temp_directory_path() / fmt::format("docket-pg-{}", ::getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    if (::geteuid() == 0 && std::system(fmt::format("chown postgres '{}'", dir_.string()).c_str()) != 0) {
      error_ = "cannot give the data directory to user postgres";
      return;
    }
    const std::string data = (dir_ / "data").string();
    const std::string log = (dir_ / "log").string();
    if (std::system(as_owner(fmt::format("'{}/initdb' -D '{}' -A trust -U docket -E UTF8 --no-locale --no-sync >'{}' 2>&1",
                                         bin_, data, log)).c_str()) != 0) {
      error_ = "initdb failed: see " + log;
      return;
    }
    // A port taken by something else: try the next few.
    bool up = false;
    for (int attempt = 0; attempt < 4 && !up; ++attempt) {
      port_ = 20000 + static_cast<int>((::getpid() + attempt * 4099) % 20000);
      up = std::system(as_owner(fmt::format("'{}/pg_ctl' -D '{}' -l '{}' -w -t 60 -o \"-F -k '{}' -p {} -c "
                                            "listen_addresses=127.0.0.1\" start >>'{}' 2>&1",
                                            bin_, data, log, dir_.string(), port_, log)).c_str()) == 0;
    }
    if (!up) {
      error_ = "the server did not start: see " + log;
      return;
    }
    started_ = true;
    dir_data_ = data;
  }

  // Root may not run the server: run it as user postgres.
  std::string as_owner(const std::string& command) const {
    if (::geteuid() != 0) return command;
    std::string quoted;
    for (char c : command) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return "runuser -u postgres -- sh -c '" + quoted + "'";
  }

  std::error_code ec_;
  std::string bin_;
  std::filesystem::path dir_;
  std::string dir_data_;
  int port_ = 0;
  int databases_ = 0;
  bool started_ = false;
  std::string error_;
};

}  // namespace docket::test
