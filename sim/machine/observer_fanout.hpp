// ObserverFanout: delivers each hart event to every registered observer, in order.
#pragma once

#include <algorithm>
#include <vector>

#include "sim/common/events.hpp"

namespace rvscope {

class ObserverFanout final : public HartObserver {
 public:
  void add(HartObserver* observer) { observers_.push_back(observer); }
  void remove(HartObserver* observer) {
    observers_.erase(std::remove(observers_.begin(), observers_.end(), observer), observers_.end());
  }
  bool empty() const { return observers_.empty(); }
  void on_retire(const RetireEvent& event) override {
    for (HartObserver* o : observers_) o->on_retire(event);
  }
  void on_trap(const TrapEvent& event) override {
    for (HartObserver* o : observers_) o->on_trap(event);
  }

 private:
  std::vector<HartObserver*> observers_;
};

}  // namespace rvscope
