// classify.dkt's enums, record and table as a hand-written program would write them (bench baselines).
#pragma once

#include <cstddef>
#include <cstdint>

namespace docket::bench::by_hand {

// The enums of classify.dkt, in declaration order.
enum class Tariff : std::uint8_t {
  residential, non_residential, commercial, non_industrial, industrial, large_industrial, agricultural
};
constexpr std::size_t kTariffs = 7;
enum class Area : std::uint8_t { urban, rural };
enum class Segment : std::uint8_t {
  critical, transmission, hv_dual, hv_large_industrial, hv_single, lv_agri_rural, lv_res_rural, lv_res_urban,
  lv_large, lv_credit_risk, lv_business, lv_other
};
constexpr std::size_t kSegments = 12;

// record Customer, as a hand-written program would hold it.
struct Customer {
  std::int64_t id = 0;
  double voltage_kv = 0;
  Tariff tariff = Tariff::residential;
  bool dual_source = false;
  bool important = false;
  std::int64_t load_level = 3;
  std::int64_t contract_kva = 1;
  std::int64_t monthly_kwh = 0;
  std::int64_t arrears_months = 0;
  Area area = Area::urban;
};

struct Classification {
  Segment segment = Segment::lv_other;
  std::int64_t install_workdays = 0;
  std::int64_t priority = 0;
  bool escalate = false;
};

// The table and the escalate rule of classify.dkt, written by hand.
Classification classify_by_hand(const Customer& c) {
  const bool escalate = c.arrears_months >= 6 || (c.important && c.load_level <= 2);
  auto out = [escalate](Segment s, std::int64_t days, std::int64_t priority) {
    return Classification{s, days, priority, escalate};
  };
  if (c.important && c.load_level == 1) return out(Segment::critical, 1, 1);
  if (c.voltage_kv >= 110) return out(Segment::transmission, 10, 1);
  if (c.voltage_kv >= 35 && c.dual_source) return out(Segment::hv_dual, 15, 2);
  if (c.voltage_kv >= 10 && c.dual_source) return out(Segment::hv_dual, 20, 2);
  if (c.voltage_kv >= 10 && c.tariff == Tariff::large_industrial) return out(Segment::hv_large_industrial, 15, 2);
  if (c.voltage_kv >= 10) return out(Segment::hv_single, 15, 3);
  if (c.tariff == Tariff::agricultural && c.area == Area::rural) return out(Segment::lv_agri_rural, 7, 4);
  if (c.tariff == Tariff::residential && c.area == Area::rural) return out(Segment::lv_res_rural, 5, 5);
  if (c.tariff == Tariff::residential) return out(Segment::lv_res_urban, 3, 5);
  if (c.contract_kva >= 100) return out(Segment::lv_large, 5, 4);
  if (c.monthly_kwh >= 10000 && c.arrears_months >= 3) return out(Segment::lv_credit_risk, 7, 4);
  if (c.tariff == Tariff::commercial || c.tariff == Tariff::non_industrial || c.tariff == Tariff::non_residential) {
    return out(Segment::lv_business, 5, 4);
  }
  return out(Segment::lv_other, 5, 5);
}

}  // namespace docket::bench::by_hand
