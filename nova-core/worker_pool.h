// A fixed pool of worker threads draining a list of items in order: each worker builds its own
// state on its own thread (e.g. one CXIndex per worker), then takes the next unclaimed item until
// none are left. RunWorkers blocks until every worker is done; it is safe to call from any thread.
#pragma once

#include <cstddef>
#include <functional>

#include "nova-core/status.h"

namespace nova::core {

// The number of workers for `jobs`: `jobs` itself when positive, else one per hardware thread
// (at least 1).
int ResolveJobs(int jobs);

// Processes one item; called on the thread whose factory made it.
using WorkerTask = std::function<void(std::size_t item)>;

// Runs `min(workers, count)` workers (the calling thread is one of them). Each calls
// `make_task()` once on its own thread, then runs the task on items 0..count-1, each item exactly
// once, taken in increasing order. Internal when a worker throws (the remaining items are still
// processed by the other workers) or when no thread could be started at all.
core::Status RunWorkers(int workers, std::size_t count,
                        const std::function<WorkerTask()>& make_task);

}  // namespace nova::core
