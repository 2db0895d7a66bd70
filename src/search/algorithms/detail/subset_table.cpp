#include "tabnas/search/algorithms/detail/subset_table.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "tabnas/core/errors.hpp"

namespace tabnas::detail {

namespace {

/// C(n, s), or 0 once C(n, s) * s would exceed SubsetTable::kMaxEntries.
std::size_t count_if_fits(std::size_t n, std::size_t s) {
  if (s == 0 || s > n) return 0;
  std::size_t count = 1;  // C(n - s + i, i) for i = 0 .. s: exact integer steps
  for (std::size_t i = 1; i <= s; ++i) {
    count = count * (n - s + i) / i;
    if (count * s > SubsetTable::kMaxEntries) return 0;
  }
  return count;
}

}  // namespace

bool SubsetTable::fits(std::size_t n, std::size_t s) {
  return count_if_fits(n, s) != 0;
}

SubsetTable::SubsetTable(std::size_t n, std::size_t s) : s_(s) {
  const std::size_t count = count_if_fits(n, s);
  if (count == 0) {
    throw InternalError("SubsetTable(" + std::to_string(n) + ", " + std::to_string(s) +
                        "): needs 1 <= s <= n and at most " + std::to_string(kMaxEntries) +
                        " positions");
  }
  positions_.resize(count * s);
  std::vector<std::uint16_t> pick(s);
  for (std::size_t i = 0; i < s; ++i) pick[i] = static_cast<std::uint16_t>(i);
  for (std::size_t k = 0; k < count; ++k) {
    std::copy(pick.begin(), pick.end(), positions_.begin() + static_cast<std::ptrdiff_t>(k * s));
    // Next subset in lexicographic order: bump the last position that can still move up and
    // put its successors right after it.
    std::size_t i = s;
    while (i > 0 && pick[i - 1] == n - s + i - 1) --i;
    if (i == 0) break;
    ++pick[i - 1];
    for (std::size_t j = i; j < s; ++j) pick[j] = static_cast<std::uint16_t>(pick[j - 1] + 1);
  }
  subsets_ = count;
  if (count >= 2) divisor_ = UniformIndexDivisor::make(count);
}

const SubsetTable* SubsetTable::shared(std::size_t n, std::size_t s) {
  if (!fits(n, s)) return nullptr;
  static std::mutex mutex;
  static std::map<std::pair<std::size_t, std::size_t>, std::unique_ptr<const SubsetTable>> tables;
  const std::lock_guard<std::mutex> lock(mutex);
  auto& table = tables[{n, s}];
  if (!table) table = std::make_unique<const SubsetTable>(n, s);
  return table.get();
}

}  // namespace tabnas::detail
