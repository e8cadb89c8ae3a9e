// Host-side facts about plugin ABI 1.x: the frozen minimum struct sizes and the type mapping.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "docket/core/type.hpp"
#include "docket/core/value.hpp"
#include "docket/plugin.h"

namespace docket::plugin {

// The size of a struct up to and including `field`; used to pin the sizes below.
#define DOCKET_SIZE_THROUGH_(type, field) (offsetof(type, field) + sizeof(static_cast<type*>(nullptr)->field))

// Frozen: the sizes of the structs as the minor that introduced them defined them. They never
// change when plugin.h grows; a struct smaller than these was not built against any 1.x header.
inline constexpr std::size_t descriptor_prefix_size = DOCKET_SIZE_THROUGH_(docket_plugin_descriptor, abi_minor);
inline constexpr std::size_t descriptor_v1_0_size = DOCKET_SIZE_THROUGH_(docket_plugin_descriptor, get_interface);
inline constexpr std::size_t function_def_v1_0_size = DOCKET_SIZE_THROUGH_(docket_function_def, user_data);
inline constexpr std::size_t function_def_v1_1_size = DOCKET_SIZE_THROUGH_(docket_function_def, timeout_ms);
inline constexpr std::size_t action_def_v1_1_size = DOCKET_SIZE_THROUGH_(docket_action_def, user_data);
inline constexpr std::size_t calendar_def_v1_1_size = DOCKET_SIZE_THROUGH_(docket_calendar_def, flags);
inline constexpr std::size_t event_sink_def_v1_1_size = DOCKET_SIZE_THROUGH_(docket_event_sink_def, flags);

#undef DOCKET_SIZE_THROUGH_

// On the platforms docket supports these are the 1.0 layouts; a change here breaks every plugin.
static_assert(sizeof(void*) != 8 || descriptor_v1_0_size == 56, "docket_plugin_descriptor 1.0 layout moved");
static_assert(sizeof(void*) != 8 || function_def_v1_0_size == 56, "docket_function_def 1.0 layout moved");

// The flags every known DOCKET_FLAG_* covers; other bits are ignored (rule 4).
inline constexpr docket_flags known_flags = DOCKET_FLAG_PURE | DOCKET_FLAG_THREAD_SAFE | DOCKET_FLAG_MAY_BLOCK;

// The most parameters a plugin function or action may declare.
inline constexpr std::size_t max_plugin_params = 16;

// The docket type for an ABI type code, or nullopt when the code is not one this host knows.
[[nodiscard]] std::optional<Type> type_from_abi(docket_type code) noexcept;

// The name of an ABI type code as an analyst writes it ("text"), or "type code N".
[[nodiscard]] std::string abi_type_name(docket_type code);

// What a plugin actually put in a result, for the message when it is not what it promised:
// "a number (1.5)", "a text whose data pointer is NULL but whose size is 5 bytes", ...
[[nodiscard]] std::string describe_abi_result(const docket_value& v);

// "site.x: argument 2 should be text but is 5", for an argument that does not fit its declared type.
[[nodiscard]] std::string bad_argument(const std::string& callee, std::size_t index, docket_type declared,
                                       const Value& given);

}  // namespace docket::plugin
