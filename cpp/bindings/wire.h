// bindings/wire.h — how calls cross into JavaScript: refusals parked for api.js, guarded calls,
// JSON → JavaScript values.
//
// An exception escaping into JavaScript would arrive as a bare pointer, leak the exception
// object and leave the WASM stack pointer unrestored, so every call that can throw is bound
// through Guarded<>, which parks the refusal ({message, code, params}) for api.js to throw as a
// real Error. Calls that cannot throw are bound directly.
#pragma once

#include <emscripten/val.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>

namespace cnnlab::js {

using emscripten::val;

bool has_error();
val take_error();      // {message, code, params} of the last refusal, then cleared
void park_current();   // parks the exception being handled (call only inside a catch block)

// JSON → a JavaScript value; object keys become camelCase (train_loss → trainLoss).
val to_js(const nlohmann::json& j);

template <typename T>
struct IsSharedPtr : std::false_type {};
template <typename T>
struct IsSharedPtr<std::shared_ptr<T>> : std::true_type {};

// Numbers, text, JS values and object handles go to JavaScript as they are; core structs
// (EpochMetrics, EvalResult, …) through their JSON form.
template <typename T>
auto to_wire(T&& v) {
  using D = std::decay_t<T>;
  if constexpr (std::is_arithmetic_v<D> || std::is_same_v<D, std::string> || std::is_same_v<D, val> ||
                std::is_pointer_v<D> || IsSharedPtr<D>::value)
    return D(std::forward<T>(v));
  else
    return to_js(nlohmann::json(v));
}

// Runs f(); on an exception parks it and returns a neutral value (0, "", null).
template <typename F>
auto guard(F&& f) {
  using R = decltype(f());
  if constexpr (std::is_void_v<R>) {
    try {
      f();
    } catch (...) {
      park_current();
    }
  } else {
    using Out = decltype(to_wire(f()));
    try {
      return to_wire(f());
    } catch (...) {
      park_current();
    }
    if constexpr (std::is_same_v<Out, val>) return val::null();
    else return Out{};
  }
}

// Guarded<&f>::call is f (a member function or a free function) made safe to bind.
template <auto F>
struct Guarded;
template <typename C, typename R, typename... A, R (C::*F)(A...)>
struct Guarded<F> {
  static auto call(C& self, A... args) { return guard([&]() -> decltype(auto) { return (self.*F)(args...); }); }
};
template <typename C, typename R, typename... A, R (C::*F)(A...) const>
struct Guarded<F> {
  static auto call(const C& self, A... args) { return guard([&]() -> decltype(auto) { return (self.*F)(args...); }); }
};
template <typename R, typename... A, R (*F)(A...)>
struct Guarded<F> {
  static auto call(A... args) { return guard([&]() -> decltype(auto) { return F(args...); }); }
};

}  // namespace cnnlab::js
