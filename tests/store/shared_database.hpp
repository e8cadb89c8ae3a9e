// Test helper: a fresh database on the tests' PostgreSQL server with docket's tables, ready for several shared-mode processes.
#pragma once

#include <fmt/format.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "docket/core/postgres_store.hpp"
#include "postgres_server.hpp"

namespace docket::test {

struct SharedDatabase {
  std::string conninfo;  // for libpq and PostgresStore
  std::string url;       // postgresql://... for docket's --store
};

// The tables are made once here (a shared store opened and closed), before processes race to make them.
inline SharedDatabase fresh_shared_database(std::chrono::milliseconds lease) {
  PostgresServer& server = PostgresServer::get();
  if (!server.up()) throw std::runtime_error(server.error());
  SharedDatabase d;
  d.conninfo = server.fresh_database();
  const std::string db = d.conninfo.substr(d.conninfo.find("dbname=") + 7);
  d.url = fmt::format("postgresql://docket@127.0.0.1:{}/{}", server.port(), db.substr(0, db.find(' ')));
  PostgresStore::SharedOptions o;
  o.lease = lease;
  PostgresStore create(d.conninfo, o);  // makes the tables, then ends its lease
  return d;
}

}  // namespace docket::test
