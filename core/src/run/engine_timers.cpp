// Engine timers: the due-time index (the store's, or a heap without one) and firing what is due in order.
#include <fmt/format.h>

#include <algorithm>

#include "docket/core/engine.hpp"
#include "run/engine_impl.hpp"

namespace docket {

namespace {
constexpr std::size_t kDuePage = 256;
}  // namespace

std::optional<InstanceId> Engine::Impl::next_due_instance(Instant now, DueCursor& cursor) {
  if (store == nullptr) {
    while (!due_heap.empty()) {
      const DueInstance top = due_heap.top();
      auto it = instances.find(top.id);
      if (it == instances.end() || it->second.due != top.due) {  // stale: the instance moved on
        due_heap.pop();
        continue;
      }
      if (top.due > now) return std::nullopt;
      return top.id;
    }
    return std::nullopt;
  }
  // The store's index, in (due, id) order, merged with the overlay of instances this unit touched.
  std::optional<DueInstance> from_store;
  while (true) {
    if (cursor.pos == cursor.page.size()) {
      if (cursor.exhausted) break;
      cursor.page = store->claim_due(now, kDuePage, cursor.after);  // a shared store: ours alone
      cursor.pos = 0;
      cursor.exhausted = cursor.page.size() < kDuePage;
      if (cursor.page.empty()) break;
    }
    const DueInstance d = cursor.page[cursor.pos];
    if (unit.is_dirty(d.id) || broken.contains(d.id)) {
      ++cursor.pos;
      cursor.after = d;
      continue;
    }
    from_store = d;
    break;
  }
  std::optional<DueInstance> from_overlay;
  if (!unit.overlay.empty() && unit.overlay.begin()->due <= now) from_overlay = *unit.overlay.begin();
  if (from_store && (!from_overlay || *from_store < *from_overlay)) {
    ++cursor.pos;
    cursor.after = from_store;
    return from_store->id;
  }
  if (from_overlay) return from_overlay->id;
  return std::nullopt;
}

std::optional<Instant> Engine::next_timer() const {
  const Impl& impl = *impl_;
  std::optional<Instant> next;
  auto consider = [&](std::optional<Instant> t) {
    if (t && (!next || *t < *next)) next = t;
  };
  if (impl.store != nullptr && impl.unit.touched.empty()) {
    consider(impl.store->next_due());
  } else if (impl.store != nullptr) {
    // Inside a unit the store's rows of the instances it touched are out of date: the overlay
    // speaks for those, so the first row of an instance it has not touched is the store's answer.
    std::optional<DueInstance> after;
    for (bool more = true; more;) {
      const std::vector<DueInstance> page = impl.store->due(Instant::max(), kDuePage, after);
      more = page.size() == kDuePage;
      for (const DueInstance& d : page) {
        after = d;
        if (impl.unit.is_dirty(d.id) || impl.broken.contains(d.id)) continue;
        consider(d.due);
        more = false;
        break;
      }
    }
    if (!impl.unit.overlay.empty()) consider(impl.unit.overlay.begin()->due);
  } else {
    auto& heap = const_cast<Impl&>(impl).due_heap;  // dropping stale entries changes nothing visible
    while (!heap.empty()) {
      auto it = impl.instances.find(heap.top().id);
      if (it != impl.instances.end() && it->second.due == heap.top().due) break;
      heap.pop();
    }
    if (!heap.empty()) consider(heap.top().due);
  }
  consider(next_delivery());
  return next;
}

void Engine::fire_due_timers() {
  Impl& impl = *impl_;
  {
    Impl::Operation op(impl);
    const Instant now = impl.clock->now();
    Impl::DueCursor cursor;
    std::string unreadable;
    while (std::optional<InstanceId> id = impl.next_due_instance(now, cursor)) {
      Impl::Entry* e = nullptr;
      try {
        e = &impl.load(*id);
      } catch (const EngineError& error) {  // a damaged snapshot, a version no loader can compile
        impl.broken.emplace(*id, error.what());
        if (unreadable.empty()) unreadable = error.what();
        continue;
      }
      bool fired = false;
      impl.transit(*e, [&](detail::Transition& t) { fired = t.fire_next(); });
      impl.start_repeats();  // a `repeat` series' next instance, in the same unit as the timer that fired
      if (!fired && impl.store == nullptr) impl.due_heap.pop();  // nothing was due after all
    }
    op.done();
    if (!unreadable.empty()) {
      throw EngineError(fmt::format("a timer could not fire: {} (its instance is skipped from now on)", unreadable));
    }
  }
  if (impl.unit.operations == 0 && !impl.unit.batch) impl.deliver_due();
}

}  // namespace docket
