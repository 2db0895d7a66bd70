#include "hw/hw_table.hpp"

#include "tabnas/core/errors.hpp"

namespace tabnas {

double hw_to_ms(double raw, const std::string& source_unit) {
  if (source_unit == "ms") return raw;
  if (source_unit == "s") return raw * 1000.0;
  if (source_unit == "us") return raw / 1000.0;
  throw DataError("time unit '" + source_unit + "' is not supported (allowed: ms, s, us)");
}

}  // namespace tabnas
