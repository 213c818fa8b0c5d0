// bindings/wire.cpp — refusals parked for api.js, and JSON → JavaScript values (see wire.h).
#include "wire.h"

#include <cctype>
#include <new>
#include <utility>

#include "error_catalog.h"

namespace cnnlab::js {

using nlohmann::json;

namespace {

val g_error = val::null();

std::string camel(const std::string& key) {
  std::string out;
  for (size_t i = 0; i < key.size(); ++i)
    out += key[i] == '_' && i + 1 < key.size() ? static_cast<char>(std::toupper(key[++i])) : key[i];
  return out;
}

void park(const std::string& code, const Error::Params& params, const std::string& message) {
  val p = val::object();
  for (const auto& [name, value] : params) p.set(name, value);
  g_error = val::object();
  g_error.set("message", message);
  g_error.set("code", code);
  g_error.set("params", p);
}

}  // namespace

bool has_error() { return !g_error.isNull(); }

val take_error() { return std::exchange(g_error, val::null()); }

void park_current() {
  try {
    throw;
  } catch (const Error& e) {
    park(e.code, e.params, e.what());
  } catch (const std::bad_alloc&) {
    const Error e = coded_error("engine.out_of_memory", {});
    park(e.code, e.params, e.what());
  } catch (const std::exception& e) {
    park("engine", {}, e.what());
  } catch (...) {
    park("engine", {}, "unknown C++ exception");
  }
}

val to_js(const json& j) {
  switch (j.type()) {
    case json::value_t::boolean:
      return val(j.get<bool>());
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
      return val(j.get<double>());
    case json::value_t::string:
      return val(j.get<std::string>());
    case json::value_t::array: {
      val a = val::array();
      for (const json& e : j) a.call<void>("push", to_js(e));
      return a;
    }
    case json::value_t::object: {
      val o = val::object();
      for (const auto& [k, v] : j.items()) o.set(camel(k), to_js(v));
      return o;
    }
    default:
      return val::null();
  }
}

}  // namespace cnnlab::js
