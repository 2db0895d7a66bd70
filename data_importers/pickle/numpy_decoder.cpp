#include "pickle/numpy_decoder.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "pickle/global_registry.hpp"
#include "pickle/text_codec.hpp"

namespace tabnas::pickle {

namespace {

std::uint64_t load_uint(const unsigned char* p, std::size_t n, bool big_endian) noexcept {
  std::uint64_t v = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t idx = big_endian ? k : n - 1 - k;
    v = (v << 8U) | p[idx];
  }
  return v;
}

std::int64_t sign_extend(std::uint64_t v, std::size_t n) noexcept {
  if (n >= 8) return static_cast<std::int64_t>(v);
  const std::uint64_t sign = std::uint64_t{1} << (8 * n - 1);
  if ((v & sign) != 0) v |= ~((sign << 1U) - 1);
  return static_cast<std::int64_t>(v);
}

double half_to_double(std::uint16_t h) noexcept {
  const unsigned sign = (h >> 15U) & 1U;
  const unsigned exp = (h >> 10U) & 0x1FU;
  const unsigned mant = h & 0x3FFU;
  double v = 0;
  if (exp == 0) {
    v = std::ldexp(static_cast<double>(mant), -24);
  } else if (exp == 31) {
    v = mant == 0 ? std::numeric_limits<double>::infinity()
                  : std::numeric_limits<double>::quiet_NaN();
  } else {
    v = std::ldexp(static_cast<double>(mant + 1024U), static_cast<int>(exp) - 25);
  }
  return sign != 0U ? -v : v;
}

double load_float(const unsigned char* p, std::size_t n, bool big_endian) noexcept {
  const std::uint64_t bits = load_uint(p, n, big_endian);
  if (n == 8) return std::bit_cast<double>(bits);
  if (n == 4) return static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(bits)));
  return half_to_double(static_cast<std::uint16_t>(bits));
}

/// Payload bytes of a numeric record: bytes, bytearray, or a latin-1 str (Python 2 pickles).
std::string payload_bytes(const Value& payload) {
  if (payload.kind() == Kind::kBytes || payload.kind() == Kind::kByteArray) {
    return payload.as_bytes();
  }
  if (payload.kind() == Kind::kStr) {
    auto latin1 = TextCodec::utf8_to_latin1(payload.as_string());
    if (latin1) return std::move(*latin1);
    throw NumpyDecodeError("numpy payload str holds characters above U+00FF");
  }
  throw NumpyDecodeError("numpy payload must be bytes, found " + payload.describe());
}

template <typename T>
std::vector<T> fortran_to_c(const std::vector<T>& in, const std::vector<std::int64_t>& shape) {
  const std::size_t nd = shape.size();
  std::vector<T> out;
  out.reserve(in.size());
  if (in.empty()) return out;
  std::vector<std::size_t> fstride(nd, 1);
  for (std::size_t k = 1; k < nd; ++k) {
    fstride[k] = fstride[k - 1] * static_cast<std::size_t>(shape[k - 1]);
  }
  std::vector<std::size_t> idx(nd, 0);
  std::size_t off = 0;
  for (std::size_t c = 0; c < in.size(); ++c) {
    out.push_back(in[off]);
    for (std::size_t k = nd; k-- > 0;) {
      ++idx[k];
      off += fstride[k];
      if (idx[k] < static_cast<std::size_t>(shape[k])) break;
      off -= fstride[k] * static_cast<std::size_t>(shape[k]);
      idx[k] = 0;
    }
  }
  return out;
}

}  // namespace

std::optional<NumpyDecoder::DType> NumpyDecoder::parse_dtype(const Value& v) {
  if (v.kind() != Kind::kCall) return std::nullopt;
  const Call& call = v.as_call();
  if (GlobalRegistry::of(call.callee) != Emulation::kNumpyDType) return std::nullopt;
  if (call.args.kind() != Kind::kTuple || call.args.items().empty() ||
      call.args.items()[0].kind() != Kind::kStr) {
    return std::nullopt;
  }
  const std::string& spec = call.args.items()[0].as_string();
  if (spec.empty()) return std::nullopt;
  DType d;
  d.kind = spec[0];
  const std::string digits = spec.substr(1);
  std::size_t size = 0;
  for (char c : digits) {
    if (c < '0' || c > '9' || size > 1000) return std::nullopt;
    size = size * 10 + static_cast<std::size_t>(c - '0');
  }
  switch (d.kind) {
    case 'b':
      if (size != 1) return std::nullopt;
      break;
    case 'i':
    case 'u':
      if (size != 1 && size != 2 && size != 4 && size != 8) return std::nullopt;
      break;
    case 'f':
      if (size != 2 && size != 4 && size != 8) return std::nullopt;
      break;
    case 'O':
      size = 8;
      break;
    default:
      return std::nullopt;
  }
  d.itemsize = size;
  char order = '<';
  if (call.has_state) {
    // (version, endian, subarray, names, fields, elsize, alignment, flags[, metadata])
    if (call.state.kind() != Kind::kTuple) return std::nullopt;
    const auto& st = call.state.items();
    if (st.size() < 5 || st[1].kind() != Kind::kStr || st[1].as_string().size() != 1) {
      return std::nullopt;
    }
    for (std::size_t k = 2; k <= 4; ++k) {
      if (!st[k].is_none()) return std::nullopt;  // subarray or structured dtype
    }
    order = st[1].as_string()[0];
    if (order != '<' && order != '>' && order != '|' && order != '=') return std::nullopt;
  }
  d.big_endian = order == '>' && size > 1;
  if (d.kind == 'O') {
    d.str = "|O";
  } else if (size == 1) {
    d.str = std::string("|") + d.kind + "1";
  } else {
    d.str = std::string(d.big_endian ? ">" : "<") + d.kind + std::to_string(size);
  }
  return d;
}

std::optional<Value> NumpyDecoder::decode_scalar(const DType& dtype, const Value& payload) {
  if (dtype.kind == 'O') return payload;
  const std::string bytes = payload_bytes(payload);
  if (bytes.size() != dtype.itemsize) {
    throw NumpyDecodeError("numpy scalar " + dtype.str + " needs " +
                           std::to_string(dtype.itemsize) + " payload bytes, found " +
                           std::to_string(bytes.size()));
  }
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  switch (dtype.kind) {
    case 'b':
      return Value::from_bool(p[0] != 0);
    case 'f':
      return Value::from_double(load_float(p, dtype.itemsize, dtype.big_endian));
    case 'i':
      return Value::from_int(
          sign_extend(load_uint(p, dtype.itemsize, dtype.big_endian), dtype.itemsize));
    case 'u': {
      const std::uint64_t u = load_uint(p, dtype.itemsize, dtype.big_endian);
      if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return Value::from_int(static_cast<std::int64_t>(u));
      }
      std::vector<std::uint8_t> le(9, 0);
      for (std::size_t k = 0; k < 8; ++k) le[k] = static_cast<std::uint8_t>((u >> (8 * k)) & 0xFFU);
      return Value::from_big_int(BigInt(std::move(le)));
    }
    default:
      return std::nullopt;
  }
}

std::vector<std::int64_t> NumpyDecoder::parse_shape(const Value& shape, std::uint64_t& elements) {
  if (shape.kind() != Kind::kTuple && shape.kind() != Kind::kList) {
    throw NumpyDecodeError("numpy shape must be a tuple, found " + shape.describe());
  }
  std::vector<std::int64_t> dims;
  elements = 1;
  for (const Value& d : shape.items()) {
    if (d.kind() != Kind::kInt || d.as_int() < 0) {
      throw NumpyDecodeError("numpy shape entries must be non-negative ints, found " +
                             d.describe());
    }
    const auto n = static_cast<std::uint64_t>(d.as_int());
    if (n != 0 && elements > (std::uint64_t{1} << 62U) / n) {
      throw NumpyDecodeError("numpy shape has too many elements");
    }
    elements *= n;
    dims.push_back(d.as_int());
  }
  if (dims.size() > 64) throw NumpyDecodeError("numpy shape has more than 64 dimensions");
  return dims;
}

std::optional<NdArray> NumpyDecoder::decode_array(const DType& dtype,
                                                  std::vector<std::int64_t> shape,
                                                  std::uint64_t elements, bool fortran,
                                                  const Value& payload) {
  NdArray out;
  out.dtype = dtype.str;
  if (dtype.kind == 'O') {
    if (payload.kind() != Kind::kList) {
      throw NumpyDecodeError("object array payload must be a list, found " + payload.describe());
    }
    const auto& items = payload.items();
    if (items.size() != elements) {
      throw NumpyDecodeError("object array payload has " + std::to_string(items.size()) +
                             " elements, shape needs " + std::to_string(elements));
    }
    out.storage = NdArray::Storage::kObject;
    out.objects = fortran && shape.size() > 1 ? fortran_to_c(items, shape) : items;
    out.shape = std::move(shape);
    return out;
  }
  const std::string bytes = payload_bytes(payload);
  if (elements > bytes.size() / dtype.itemsize || bytes.size() != elements * dtype.itemsize) {
    throw NumpyDecodeError("numpy payload of " + std::to_string(bytes.size()) +
                           " bytes does not match " + std::to_string(elements) + " elements of " +
                           dtype.str);
  }
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = static_cast<std::size_t>(elements);
  if (dtype.kind == 'f') {
    out.storage = NdArray::Storage::kFloat64;
    out.f64.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      out.f64[i] = load_float(p + i * dtype.itemsize, dtype.itemsize, dtype.big_endian);
    }
    if (fortran && shape.size() > 1) out.f64 = fortran_to_c(out.f64, shape);
  } else {
    out.storage = NdArray::Storage::kInt64;
    out.i64.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t u = load_uint(p + i * dtype.itemsize, dtype.itemsize, dtype.big_endian);
      if (dtype.kind == 'b') {
        out.i64[i] = u != 0 ? 1 : 0;
      } else if (dtype.kind == 'i') {
        out.i64[i] = sign_extend(u, dtype.itemsize);
      } else {
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
          return std::nullopt;
        }
        out.i64[i] = static_cast<std::int64_t>(u);
      }
    }
    if (fortran && shape.size() > 1) out.i64 = fortran_to_c(out.i64, shape);
  }
  out.shape = std::move(shape);
  return out;
}

}  // namespace tabnas::pickle
