// The roster: every agent Nova has, by its contract, in one list (the order a fix run uses them).
// `nova agents` prints it; tests check every agent is in it. Pure; thread-safe.
#pragma once

#include <vector>

#include "nova-core/agent.h"

namespace nova::app {

std::vector<const core::AgentContract*> AgentRoster();

}  // namespace nova::app
