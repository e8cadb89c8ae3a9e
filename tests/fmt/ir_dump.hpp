// Test helper: a checked ir::Module as text, every field but source positions, to compare two programs.
#pragma once

#include <sstream>
#include <string>

#include "docket/core/ir.hpp"

namespace docket::testing {

class IrDump {
 public:
  static std::string of(const ir::Module& m) {
    IrDump d;
    d.module(m);
    return d.out_.str();
  }

 private:
  std::ostringstream out_;

  template <class E>
  static int num(E e) {
    return static_cast<int>(e);
  }

  void expr(const ir::Expr* e) {
    if (e == nullptr) {
      out_ << "-";
      return;
    }
    out_ << "(" << num(e->kind) << ' ' << e->type.name() << ' ' << to_string(e->literal) << ' ' << e->index << ' '
         << e->index2 << ' ' << num(e->unary_op) << ' ' << num(e->binary_op);
    exprs(e->operands);
    out_ << ")";
  }
  void exprs(const std::vector<ir::ExprPtr>& es) {
    out_ << "[";
    for (const ir::ExprPtr& e : es) expr(e.get());
    out_ << "]";
  }
  void params(const std::vector<ir::Param>& ps) {
    for (const ir::Param& p : ps) out_ << p.name << ':' << p.type.name() << ' ';
    out_ << '\n';
  }
  void action(const ir::SlaAction& a) {
    out_ << num(a.verb) << ' ' << a.level << ' ' << num(a.assignee) << ' ' << a.action;
    expr(a.role.get());
    exprs(a.action_args);
  }

  void decision(const ir::Decision& d) {
    out_ << "decision " << d.name << " -> " << d.result.name() << " hit " << num(d.hit) << " cost "
         << d.worst_case_cost << " table " << d.is_table << " row " << d.row_type.name() << '\n';
    params(d.params);
    for (const ir::Rule& r : d.rules) {
      out_ << "rule " << r.label << ' ';
      expr(r.condition.get());
      expr(r.result.get());
      out_ << '\n';
    }
    expr(d.otherwise.get());
    for (const ir::InputColumn& c : d.columns) {
      out_ << "\ncolumn " << c.label << ' ';
      expr(c.expr.get());
    }
    out_ << "\noutputs ";
    params(d.outputs);
    for (const ir::TableRow& row : d.rows) {
      for (const ir::Cell& c : row.inputs) {
        out_ << "cell " << num(c.kind) << ' ' << num(c.op) << ' ' << c.low_closed << c.high_closed;
        exprs(c.operands);
      }
      exprs(row.outputs);
      out_ << '\n';
    }
  }

  void workflow(const ir::Workflow& w) {
    out_ << "workflow " << w.name << " label " << w.label << " calendar " << w.calendar << '\n';
    params(w.params);
    for (const ir::Node& n : w.nodes) {
      out_ << "node " << num(n.kind) << ' ' << n.name << ' ' << n.label << ' ' << num(n.assignee) << ' ' << n.action;
      exprs(n.action_args);
      expr(n.role.get());
      out_ << (n.within ? to_string(*n.within) : "-");
      for (const ir::Outcome& o : n.outcomes) out_ << ' ' << o.name << ':' << o.type.name();
      out_ << '\n';
    }
    for (const ir::Edge& e : w.edges) {
      out_ << "edge " << e.from << ' ' << e.to << ' ' << num(e.kind) << ' ' << e.event;
      expr(e.guard.get());
      out_ << '\n';
    }
    for (const ir::Sla& s : w.slas) {
      out_ << "sla " << s.name << ' ' << s.start;
      expr(s.target.get());
      for (std::uint32_t n : s.stop) out_ << " stop " << n;
      for (std::uint32_t n : s.pause) out_ << " pause " << n;
      for (std::uint32_t n : s.cancel) out_ << " cancel " << n;
      for (std::uint32_t n : s.reset) out_ << " reset " << n;
      if (s.by_minute) out_ << " by " << *s.by_minute;
      for (const ir::SlaWarning& warning : s.warnings) {
        out_ << " warn " << warning.percent.value_or(-1) << ' ' << (warning.before ? to_string(*warning.before) : "-");
        action(warning.action);
      }
      for (const ir::SlaBreach& b : s.breaches) {
        out_ << " breach " << to_string(b.after);
        action(b.action);
      }
      out_ << '\n';
    }
  }

  void module(const ir::Module& m) {
    out_ << "module " << m.name << '\n';
    for (const EnumDef& e : m.enums) {
      out_ << "enum " << e.name;
      for (const std::string& member : e.members) out_ << ' ' << member;
      out_ << '\n';
    }
    for (const RecordDef& r : m.records) {
      out_ << "record " << r.name;
      for (const RecordField& f : r.fields) out_ << ' ' << f.name << ':' << f.type.name() << '=' << to_string(f.default_value);
      out_ << '\n';
    }
    for (const ir::Decision& d : m.decisions) decision(d);
    for (const ir::Workflow& w : m.workflows) workflow(w);
  }
};

}  // namespace docket::testing
