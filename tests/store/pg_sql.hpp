// Test helper: a plain libpq connection for a test's own tables and queries (rows as text), with errors as exceptions.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace docket::test {

class Sql {
 public:
  explicit Sql(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      const std::string why = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw std::runtime_error(why);
    }
  }
  ~Sql() { PQfinish(conn_); }
  Sql(const Sql&) = delete;
  Sql& operator=(const Sql&) = delete;

  // The rows of `sql` with `params` ($1, $2, ...); NULL is the empty text.
  std::vector<std::vector<std::string>> query(const std::string& sql, const std::vector<std::string>& params = {}) {
    std::vector<const char*> p;
    for (const std::string& s : params) p.push_back(s.c_str());
    PGresult* r = PQexecParams(conn_, sql.c_str(), static_cast<int>(p.size()), nullptr, p.data(), nullptr, nullptr, 0);
    const ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      const std::string why = PQresultErrorMessage(r);
      PQclear(r);
      throw std::runtime_error(sql + ": " + why);
    }
    std::vector<std::vector<std::string>> out(static_cast<std::size_t>(PQntuples(r)));
    for (int i = 0; i < PQntuples(r); ++i) {
      for (int c = 0; c < PQnfields(r); ++c) out[static_cast<std::size_t>(i)].push_back(PQgetisnull(r, i, c) ? "" : PQgetvalue(r, i, c));
    }
    PQclear(r);
    return out;
  }
  // The first column of the first row as a number; -1 when there is no row or it is NULL.
  std::int64_t number(const std::string& sql, const std::vector<std::string>& params = {}) {
    const auto rows = query(sql, params);
    return rows.empty() || rows[0][0].empty() ? -1 : std::stoll(rows[0][0]);
  }

 private:
  PGconn* conn_;
};

}  // namespace docket::test
