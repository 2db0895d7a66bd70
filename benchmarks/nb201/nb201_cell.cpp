#include "nb201/nb201_cell.hpp"

#include "tabnas/core/errors.hpp"

namespace tabnas::nb201 {

namespace {

[[noreturn]] void bad_arch(std::string_view text, const std::string& why) {
  throw ConfigError("invalid NB201 arch string '" + std::string(text) + "': " + why +
                    " (expected |op~0|+|op~0|op~1|+|op~0|op~1|op~2| with op in none, "
                    "skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3)");
}

}  // namespace

Nb201Cell Nb201Cell::parse(std::string_view text) {
  Nb201Cell cell;
  std::size_t pos = 0;
  std::size_t edge = 0;
  for (int node = 1; node <= 3; ++node) {
    if (node > 1) {
      if (pos >= text.size() || text[pos] != '+') bad_arch(text, "missing '+' between nodes");
      ++pos;
    }
    if (pos >= text.size() || text[pos] != '|') bad_arch(text, "missing '|'");
    ++pos;
    for (int from = 0; from < node; ++from) {
      const std::size_t tilde = text.find('~', pos);
      if (tilde == std::string_view::npos) bad_arch(text, "missing '~'");
      const std::string_view op = text.substr(pos, tilde - pos);
      std::size_t op_id = kNumOps;
      for (std::size_t k = 0; k < kNumOps; ++k) {
        if (kOpNames[k] == op) op_id = k;
      }
      if (op_id == kNumOps) bad_arch(text, "unknown op '" + std::string(op) + "'");
      pos = tilde + 1;
      if (pos >= text.size() || text[pos] != static_cast<char>('0' + from)) {
        bad_arch(text, "edge into node " + std::to_string(node) + " must come from node " +
                           std::to_string(from));
      }
      ++pos;
      if (pos >= text.size() || text[pos] != '|') bad_arch(text, "missing '|'");
      ++pos;
      cell.ops[edge++] = static_cast<std::uint8_t>(op_id);
    }
  }
  if (pos != text.size()) bad_arch(text, "trailing characters");
  return cell;
}

Nb201Cell Nb201Cell::from_code(std::uint32_t code) {
  if (code >= kNumCells) {
    throw ConfigError("NB201 cell code " + std::to_string(code) + " out of range 0..15624");
  }
  Nb201Cell cell;
  for (std::size_t e = kNumEdges; e > 0; --e) {
    cell.ops[e - 1] = static_cast<std::uint8_t>(code % kNumOps);
    code /= kNumOps;
  }
  return cell;
}

std::string Nb201Cell::to_string() const {
  std::string s;
  s.reserve(96);
  std::size_t edge = 0;
  for (int node = 1; node <= 3; ++node) {
    if (node > 1) s += '+';
    s += '|';
    for (int from = 0; from < node; ++from) {
      s += kOpNames[ops[edge++]];
      s += '~';
      s += static_cast<char>('0' + from);
      s += '|';
    }
  }
  return s;
}

std::uint32_t Nb201Cell::code() const {
  std::uint32_t c = 0;
  for (const std::uint8_t op : ops) c = c * static_cast<std::uint32_t>(kNumOps) + op;
  return c;
}

std::string Nb201Cell::digits() const {
  std::string s(kNumEdges, '0');
  for (std::size_t e = 0; e < kNumEdges; ++e) s[e] = static_cast<char>('0' + ops[e]);
  return s;
}

}  // namespace tabnas::nb201
