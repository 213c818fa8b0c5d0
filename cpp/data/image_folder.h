// data/image_folder.h — the ImageFolder layout: one sub-folder of images per class.
#pragma once

#include <string>
#include <vector>

#include "dataset.h"

namespace cnnlab {

// True for names ending in .jpg, .jpeg, .png, .bmp or .gif (any case).
bool is_image_file_name(const std::string& name);

// Reads `dir`/<class>/<image> with classes = the non-hidden sub-folders sorted by name and, in
// each, the non-hidden files sorted by name. Every image is decoded and fitted to
// (channels, height, width) (see decode_image). A file that cannot be used (wrong extension,
// unreadable, not decodable) becomes a Refusal and is skipped. Throws Error when `dir` is not
// a folder, has no class folders, has only one class, or a class has no usable image.
Dataset load_image_folder(const std::string& dir, int channels, int height, int width,
                          std::vector<Refusal>* refusals);

}  // namespace cnnlab
