#include "pickle/text_codec.hpp"

namespace tabnas::pickle {

namespace {
constexpr bool is_cont(unsigned char c) noexcept {
  return (c & 0xC0U) == 0x80U;
}

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

bool TextCodec::is_valid_utf8_surrogatepass(std::string_view bytes) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80U) {
      ++i;
      continue;
    }
    if (c >= 0xC2U && c <= 0xDFU) {
      if (i + 1 >= n || !is_cont(p[i + 1])) return false;
      i += 2;
    } else if (c >= 0xE0U && c <= 0xEFU) {
      if (i + 2 >= n || !is_cont(p[i + 1]) || !is_cont(p[i + 2])) return false;
      if (c == 0xE0U && p[i + 1] < 0xA0U) return false;  // overlong
      i += 3;  // ED A0..BF (surrogates) allowed: surrogatepass
    } else if (c >= 0xF0U && c <= 0xF4U) {
      if (i + 3 >= n || !is_cont(p[i + 1]) || !is_cont(p[i + 2]) || !is_cont(p[i + 3])) {
        return false;
      }
      if (c == 0xF0U && p[i + 1] < 0x90U) return false;  // overlong
      if (c == 0xF4U && p[i + 1] > 0x8FU) return false;  // above U+10FFFF
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

bool TextCodec::has_surrogates(std::string_view utf8) noexcept {
  for (std::size_t i = 0; i + 1 < utf8.size(); ++i) {
    if (static_cast<unsigned char>(utf8[i]) == 0xEDU &&
        static_cast<unsigned char>(utf8[i + 1]) >= 0xA0U) {
      return true;
    }
  }
  return false;
}

void TextCodec::append_code_point(std::string& out, std::uint32_t cp) {
  if (cp < 0x80U) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800U) {
    out.push_back(static_cast<char>(0xC0U | (cp >> 6U)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else if (cp < 0x10000U) {
    out.push_back(static_cast<char>(0xE0U | (cp >> 12U)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  } else {
    out.push_back(static_cast<char>(0xF0U | (cp >> 18U)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU)));
    out.push_back(static_cast<char>(0x80U | (cp & 0x3FU)));
  }
}

std::optional<std::string> TextCodec::decode_raw_unicode_escape(std::string_view in,
                                                                std::string& error) {
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c != '\\') {
      append_code_point(out, c);
      ++i;
      continue;
    }
    // A run of backslashes: only an odd-length run followed by u/U starts an escape.
    std::size_t run = 0;
    while (i < in.size() && in[i] == '\\') {
      ++run;
      ++i;
    }
    if (run % 2 == 0 || i >= in.size() || (in[i] != 'u' && in[i] != 'U')) {
      out.append(run, '\\');
      continue;
    }
    out.append(run - 1, '\\');
    const std::size_t digits = in[i] == 'u' ? 4 : 8;
    ++i;
    if (in.size() - i < digits) {
      error = "truncated \\u escape in raw-unicode-escape text";
      return std::nullopt;
    }
    std::uint32_t cp = 0;
    for (std::size_t k = 0; k < digits; ++k) {
      const int h = hex_value(in[i + k]);
      if (h < 0) {
        error = "malformed \\u escape in raw-unicode-escape text";
        return std::nullopt;
      }
      cp = (cp << 4U) | static_cast<std::uint32_t>(h);
    }
    if (cp > 0x10FFFFU) {
      error = "\\U escape above U+10FFFF in raw-unicode-escape text";
      return std::nullopt;
    }
    append_code_point(out, cp);
    i += digits;
  }
  return out;
}

std::optional<std::string> TextCodec::decode_string_escapes(std::string_view in,
                                                            std::string& error) {
  std::string out;
  out.reserve(in.size());
  std::size_t i = 0;
  while (i < in.size()) {
    const char c = in[i];
    if (c != '\\') {
      out.push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= in.size()) {
      error = "trailing backslash in STRING argument";
      return std::nullopt;
    }
    const char e = in[i + 1];
    i += 2;
    switch (e) {
      case '\n':
        break;  // line continuation
      case '\\':
        out.push_back('\\');
        break;
      case '\'':
        out.push_back('\'');
        break;
      case '"':
        out.push_back('"');
        break;
      case 'a':
        out.push_back('\a');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case 'x': {
        if (in.size() - i < 2 || hex_value(in[i]) < 0 || hex_value(in[i + 1]) < 0) {
          error = "invalid \\x escape in STRING argument";
          return std::nullopt;
        }
        out.push_back(static_cast<char>(hex_value(in[i]) * 16 + hex_value(in[i + 1])));
        i += 2;
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          unsigned v = static_cast<unsigned>(e - '0');
          for (int k = 0; k < 2 && i < in.size() && in[i] >= '0' && in[i] <= '7'; ++k, ++i) {
            v = v * 8 + static_cast<unsigned>(in[i] - '0');
          }
          out.push_back(static_cast<char>(v & 0xFFU));
        } else {
          out.push_back('\\');
          out.push_back(e);
        }
    }
  }
  return out;
}

std::optional<std::string> TextCodec::utf8_to_latin1(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80U) {
      out.push_back(static_cast<char>(c));
      ++i;
    } else if ((c == 0xC2U || c == 0xC3U) && i + 1 < utf8.size()) {
      const auto d = static_cast<unsigned char>(utf8[i + 1]);
      out.push_back(static_cast<char>(((c & 0x03U) << 6U) | (d & 0x3FU)));
      i += 2;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

std::string TextCodec::latin1_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) append_code_point(out, static_cast<unsigned char>(c));
  return out;
}

bool TextCodec::is_ascii(std::string_view bytes) noexcept {
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80U) return false;
  }
  return true;
}

}  // namespace tabnas::pickle
