#pragma once
/// @file Renders ReportTables as fixed-width text or JSON.
#include <nlohmann/json.hpp>
#include <string>

#include "tabnas/report/report_tables.hpp"
#include "tabnas/report/results_data.hpp"

namespace tabnas::report {

class ReportFormatter {
 public:
  /// The human tables (what `tabnas report` prints).
  static std::string text(const ResultsData& data, const ReportTables& tables);
  /// The same content as JSON (`tabnas --json report`); numbers in shortest round-trip form,
  /// NaN as null.
  static nlohmann::ordered_json json(const ResultsData& data, const ReportTables& tables);
  /// Statement of the interpolation used by anytime curves (printed and in the JSON).
  static const char* interpolation_note();
  /// Statement of the significance test (printed and in the JSON).
  static const char* wilcoxon_note();
  /// A p-value for tables: 4 decimals, or 2 significant digits in scientific form below 1e-4.
  static std::string format_p(double p);
  /// Decimals used for values of this magnitude (3, or 4 when all |values| < 1).
  static int digits_for(double max_abs);
};

}  // namespace tabnas::report
