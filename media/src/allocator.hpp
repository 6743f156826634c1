#pragma once
// The library's side of media::tune_allocator_for_video().

namespace telecentre::media {

// Returns the memory the process's heaps hold free to the system, when main opted in with
// tune_allocator_for_video(); nothing otherwise.
void release_free_memory_after_call();

} // namespace telecentre::media
