#include "hw/hw_table.hpp"

#include "tabnas/core/errors.hpp"

namespace tabnas {

double hw_to_ms(double raw, const std::string& source_unit) {
  if (source_unit == "ms") return raw;
  if (source_unit == "s") return raw * 1000.0;
  if (source_unit == "us") return raw / 1000.0;
  throw DataError("time unit '" + source_unit + "' is not supported (allowed: ms, s, us)");
}

bool hw_is_time_unit(const std::string& unit) {
  return unit == "ms" || unit == "s" || unit == "us";
}

std::string hw_stored_unit(const std::string& metric, const std::string& source_unit) {
  if (hw_is_time_unit(source_unit)) return kHwStoredTimeUnit;
  if (metric == "latency") {
    throw DataError("latency unit '" + source_unit + "' is not supported (allowed: ms, s, us)");
  }
  if (source_unit.empty()) throw DataError("metric '" + metric + "' has no unit");
  return source_unit;
}

double hw_to_stored(double raw, const std::string& metric, const std::string& source_unit) {
  if (hw_is_time_unit(source_unit)) return hw_to_ms(raw, source_unit);
  (void)hw_stored_unit(metric, source_unit);
  return raw;
}

}  // namespace tabnas
