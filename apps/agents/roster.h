// The roster: every agent Nova has, by its contract, in one list (the order a nightly run uses
// them; a fix run has all but the nightly planner and the publisher).
// `nova agents` prints it; tests check every agent is in it. Pure; thread-safe.
#pragma once

#include <vector>

#include "nova-core/agent.h"

namespace nova::app {

std::vector<const core::AgentContract*> AgentRoster();

}  // namespace nova::app
