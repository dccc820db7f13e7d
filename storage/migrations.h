// The schema, as an ordered list of migrations. Migration i (0-based) takes the database from
// user_version i to i + 1. Append only: never edit a migration that has shipped.
#pragma once

#include <span>
#include <string_view>

namespace achilles::storage {

std::span<const std::string_view> Migrations();

}  // namespace achilles::storage
