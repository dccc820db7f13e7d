// Every platform the service knows. Adding a platform is a folder under bot/ (implementing
// bot/platform/platform.h) and one line in platforms.cpp.
#pragma once

#include <vector>

#include "bot/platform/platform.h"

namespace achilles::bot {

// In the order they are configured, built and listed in --help.
const std::vector<const PlatformModule*>& PlatformModules();

}  // namespace achilles::bot
