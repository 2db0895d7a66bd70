#pragma once
/// @file The single self-contained HTML report of `tabnas export`: the report tables, every
/// figure as inline SVG, and the provenance from the manifest. No external resources.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tabnas/report/export_figures.hpp"
#include "tabnas/report/report_tables.hpp"
#include "tabnas/report/results_data.hpp"

namespace tabnas::report {

class HtmlReport {
 public:
  static std::string render(const ResultsData& data, const ReportTables& tables,
                            const std::vector<ExportedFigure>& figures,
                            const nlohmann::ordered_json& manifest);
};

}  // namespace tabnas::report
