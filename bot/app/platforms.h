// Every platform the service knows. Adding a platform is a folder under bot/ (implementing
// bot/platform/platform.h) and one line in platforms.cpp.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bot/platform/platform.h"

namespace achilles::bot {

// In the order they are configured, built and listed in --help.
const std::vector<const PlatformModule*>& PlatformModules();

// The platforms `configs` enables, built, with what the rest of the service takes from them.
struct EnabledPlatforms {
  std::vector<std::unique_ptr<Platform>> platforms;
  std::map<std::string, const ReplyRenderer*> renderers;  // by platform name
  std::vector<const Endpoint*> endpoints;
};

// Builds every module's platform that `configs` enables (logging those that are off, unless
// `offline`: see PlatformSetup). Fails on the first platform that cannot be built.
Result<EnabledPlatforms> BuildPlatforms(const PlatformConfigs& configs, const Clock& clock,
                                        bool offline);

}  // namespace achilles::bot
