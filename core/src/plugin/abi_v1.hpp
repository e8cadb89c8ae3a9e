// Host-side facts about plugin ABI 1.0: the frozen minimum struct sizes and the type mapping.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "docket/core/type.hpp"
#include "docket/plugin.h"

namespace docket::plugin {

// The size of a struct up to and including `field`; used to pin the 1.0 sizes below.
#define DOCKET_SIZE_THROUGH_(type, field) (offsetof(type, field) + sizeof(static_cast<type*>(nullptr)->field))

// Frozen: the sizes of the structs as ABI 1.0 defined them. They never change when plugin.h
// grows; a struct smaller than these was not built against any 1.x header.
inline constexpr std::size_t descriptor_prefix_size =
    DOCKET_SIZE_THROUGH_(docket_plugin_descriptor, abi_minor);
inline constexpr std::size_t descriptor_v1_0_size =
    DOCKET_SIZE_THROUGH_(docket_plugin_descriptor, get_interface);
inline constexpr std::size_t function_def_v1_0_size = DOCKET_SIZE_THROUGH_(docket_function_def, user_data);

#undef DOCKET_SIZE_THROUGH_

// The most parameters a plugin function may declare.
inline constexpr std::size_t max_plugin_params = 16;

// The docket type for an ABI type code, or nullopt when the code is not one this host knows.
[[nodiscard]] std::optional<Type> type_from_abi(docket_type code) noexcept;

// The name of an ABI type code as an analyst writes it ("text"), or "type code N".
[[nodiscard]] std::string abi_type_name(docket_type code);

}  // namespace docket::plugin
