// Runs `work` in one transaction and hands back its value; a failed transaction fails the test.
#pragma once

#include <gtest/gtest.h>

#include <functional>

#include "storage/database.h"

namespace achilles::testing {

template <typename T>
T InTransaction(storage::Database& db, const std::function<T(storage::Session&)>& work) {
  auto result = db.Transact<T>([&](storage::Session& s) -> Result<T> { return work(s); });
  EXPECT_TRUE(result) << result.error().message;
  return result ? *result : T{};
}

}  // namespace achilles::testing
