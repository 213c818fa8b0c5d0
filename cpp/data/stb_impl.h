// data/stb_impl.h — a hook into the stb_image compiled in stb_impl.cpp.
#pragma once

namespace cnnlab {

// Forgets stb_image's last failure reason, so that the reason read after a failed call is that
// call's (stb only sets it on failure, and a failed format probe leaves its own behind).
void stbi_clear_failure_reason();

}  // namespace cnnlab
