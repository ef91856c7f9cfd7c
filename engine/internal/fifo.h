// Fifo: a first-in first-out queue on one vector, for what a job keeps waiting. Unlike
// std::deque, which allocates several hundred bytes as it is made, an empty Fifo
// allocates nothing: a million jobs each hold two.
#ifndef DOHARNESS_ENGINE_INTERNAL_FIFO_H_
#define DOHARNESS_ENGINE_INTERNAL_FIFO_H_

#include <cstddef>
#include <utility>
#include <vector>

namespace doharness::internal {

template <typename T>
class Fifo {
 public:
  bool empty() const { return head_ == items_.size(); }
  size_t size() const { return items_.size() - head_; }
  T& front() { return items_[head_]; }
  const T& front() const { return items_[head_]; }

  void push_back(T item) { items_.push_back(std::move(item)); }
  void pop_front() {
    ++head_;
    if (head_ == items_.size()) {
      clear();
    } else if (head_ >= 64 && head_ * 2 >= items_.size()) {
      // Never drained to empty: drop the consumed half, so memory stays in proportion
      // to what waits and each item is moved a constant number of times.
      items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }
  void clear() {
    items_.clear();
    head_ = 0;
  }

 private:
  std::vector<T> items_;
  size_t head_ = 0;
};

}  // namespace doharness::internal

#endif  // DOHARNESS_ENGINE_INTERNAL_FIFO_H_
