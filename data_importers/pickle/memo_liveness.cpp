#include "pickle/memo_liveness.hpp"

#include <charconv>
#include <cstring>
#include <string_view>

#include "pickle/opcodes.hpp"

namespace tabnas::pickle {

namespace {

std::uint64_t read_le(const unsigned char* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t{p[i]} << (8U * i);
  return v;
}

}  // namespace

std::optional<LastFetch> MemoLiveness::scan(const unsigned char* data, std::size_t size,
                                            std::size_t start,
                                            const std::function<void(std::uint64_t)>& progress) {
  constexpr std::size_t kProgressStep = std::size_t{64} << 20U;
  std::size_t next_progress = start + kProgressStep;
  LastFetch last;
  std::size_t pos = start;
  // Skips n bytes; false when they run past the end.
  auto skip = [&](std::uint64_t n) {
    if (n > size - pos) return false;
    pos += static_cast<std::size_t>(n);
    return true;
  };
  // Reads an n-byte little-endian length, then skips that many bytes.
  auto skip_counted = [&](std::size_t n) {
    if (n > size - pos) return false;
    const std::uint64_t len = read_le(data + pos, n);
    pos += n;
    return skip(len);
  };
  // A protocol-0 argument line; returns its text.
  auto line = [&](std::string_view& out) {
    const void* nl = std::memchr(data + pos, '\n', size - pos);
    if (nl == nullptr) return false;
    const auto end = static_cast<std::size_t>(static_cast<const unsigned char*>(nl) - data);
    out = std::string_view(reinterpret_cast<const char*>(data + pos), end - pos);
    pos = end + 1;
    return true;
  };
  auto decimal = [](std::string_view s, std::uint64_t& v) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && p == s.data() + s.size();
  };
  while (pos < size) {
    if (progress && pos >= next_progress) {
      progress(pos);
      next_progress = pos + kProgressStep;
    }
    const std::size_t at = pos;
    const unsigned char code = data[pos++];
    std::string_view text;
    std::uint64_t index = 0;
    bool ok = true;
    switch (code) {
      case op::kStop:
        return last;
      case op::kMemoize:
        break;
      case op::kBinPut:
      case op::kLongBinPut:
        ok = skip(code == op::kBinPut ? 1 : 4);
        break;
      case op::kPut:
        ok = line(text);
        break;
      case op::kBinGet:
      case op::kLongBinGet: {
        const std::size_t n = code == op::kBinGet ? 1 : 4;
        if (n > size - pos) return std::nullopt;
        index = read_le(data + pos, n);
        pos += n;
        last[index] = at;
        break;
      }
      case op::kGet:
        if (!line(text) || !decimal(text, index)) return std::nullopt;
        last[index] = at;
        break;
      // no argument
      case op::kMark:
      case op::kPop:
      case op::kPopMark:
      case op::kDup:
      case op::kNone:
      case op::kNewTrue:
      case op::kNewFalse:
      case op::kEmptyDict:
      case op::kEmptyList:
      case op::kEmptyTuple:
      case op::kEmptySet:
      case op::kAppend:
      case op::kAppends:
      case op::kBuild:
      case op::kDict:
      case op::kList:
      case op::kTuple:
      case op::kTuple1:
      case op::kTuple2:
      case op::kTuple3:
      case op::kSetItem:
      case op::kSetItems:
      case op::kAddItems:
      case op::kFrozenSet:
      case op::kNewObj:
      case op::kNewObjEx:
      case op::kReduce:
      case op::kStackGlobal:
      case op::kBinPersId:
      case op::kObj:
      case op::kNextBuffer:
      case op::kReadOnlyBuffer:
        break;
      case op::kBinInt1:
      case op::kProto:
      case op::kExt1:
        ok = skip(1);
        break;
      case op::kBinInt2:
      case op::kExt2:
        ok = skip(2);
        break;
      case op::kBinInt:
      case op::kExt4:
        ok = skip(4);
        break;
      case op::kBinFloat:
      case op::kFrame:
        ok = skip(8);
        break;
      case op::kShortBinUnicode:
      case op::kShortBinBytes:
      case op::kShortBinString:
      case op::kLong1:
        ok = skip_counted(1);
        break;
      case op::kBinUnicode:
      case op::kBinBytes:
      case op::kBinString:
      case op::kLong4:
        ok = skip_counted(4);
        break;
      case op::kBinUnicode8:
      case op::kBinBytes8:
      case op::kByteArray8:
        ok = skip_counted(8);
        break;
      case op::kInt:
      case op::kLong:
      case op::kFloat:
      case op::kString:
      case op::kUnicode:
      case op::kPersId:
        ok = line(text);
        break;
      case op::kGlobal:
      case op::kInst:
        ok = line(text) && line(text);
        break;
      default:
        return std::nullopt;  // unknown opcode: the real pass reports it
    }
    if (!ok) return std::nullopt;
  }
  return std::nullopt;  // no STOP
}

}  // namespace tabnas::pickle
