#pragma once
/// @file Text decoding rules of Python's pickle (UTF-8 with surrogatepass, raw-unicode-escape,
/// the quoted STRING escapes, latin-1).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tabnas::pickle {

/// Stateless helpers for the text encodings that appear inside pickles. Failures are reported
/// through the return value (nullopt / false) together with a reason; the reader turns them
/// into DataError with the file offset.
class TextCodec {
 public:
  /// True when `bytes` is UTF-8 as Python's "utf-8"/"surrogatepass" decoder accepts it
  /// (lone surrogates encoded as 3 bytes are allowed).
  [[nodiscard]] static bool is_valid_utf8_surrogatepass(std::string_view bytes) noexcept;

  /// True when the (valid) string contains an encoded surrogate (U+D800..U+DFFF), i.e. it is
  /// not strict UTF-8.
  [[nodiscard]] static bool has_surrogates(std::string_view utf8) noexcept;

  /// Appends the surrogatepass UTF-8 encoding of one code point (<= 0x10FFFF).
  static void append_code_point(std::string& out, std::uint32_t cp);

  /// Decodes Python's raw-unicode-escape (protocol 0 UNICODE): \uXXXX and \UXXXXXXXX escapes
  /// (after an odd number of backslashes), every other byte is a latin-1 code point.
  /// @return nullopt with `error` set on a truncated or out-of-range escape.
  [[nodiscard]] static std::optional<std::string> decode_raw_unicode_escape(std::string_view in,
                                                                            std::string& error);

  /// Decodes the body of a quoted protocol-0 STRING argument with Python's escape_decode rules
  /// (\\ \' \" \a \b \f \n \r \t \v \ooo \xhh, backslash-newline, unknown escapes kept).
  /// @return nullopt with `error` set on a malformed \x escape.
  [[nodiscard]] static std::optional<std::string> decode_string_escapes(std::string_view in,
                                                                        std::string& error);

  /// Converts a UTF-8 str to latin-1 bytes; nullopt when a code point is above U+00FF.
  [[nodiscard]] static std::optional<std::string> utf8_to_latin1(std::string_view utf8);

  /// Converts latin-1 bytes to UTF-8.
  [[nodiscard]] static std::string latin1_to_utf8(std::string_view bytes);

  /// True when every byte is below 0x80.
  [[nodiscard]] static bool is_ascii(std::string_view bytes) noexcept;
};

}  // namespace tabnas::pickle
