// data/image_folder.cpp — walks class folders, decodes every image, collects refusals.
#include "image_folder.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "file.h"
#include "image.h"

namespace cnnlab {

namespace fs = std::filesystem;

namespace {

bool hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.empty() || name[0] == '.';
}

// Sorted non-hidden entries of `dir` that satisfy `keep`.
template <typename Keep>
std::vector<fs::path> sorted_entries(const fs::path& dir, Keep keep) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (!hidden(it->path()) && keep(*it)) out.push_back(it->path());
  if (ec)
    throw Error("folder.cannot_list", {{"dir", dir.string()}, {"reason", ec.message()}},
                "cannot list '" + dir.string() + "': " + ec.message());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

bool is_image_file_name(const std::string& name) {
  const size_t dot = name.find_last_of('.');
  if (dot == std::string::npos) return false;
  std::string ext = name.substr(dot + 1);
  for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return ext == "jpg" || ext == "jpeg" || ext == "png" || ext == "bmp" || ext == "gif";
}

Dataset load_image_folder(const std::string& dir, int channels, int height, int width,
                          std::vector<Refusal>* refusals) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw Error("folder.missing", {{"dir", dir}}, "data folder '" + dir + "' does not exist");
  if (!fs::is_directory(dir, ec)) throw Error("folder.not_folder", {{"dir", dir}}, "'" + dir + "' is not a folder");
  const std::vector<fs::path> class_dirs =
      sorted_entries(dir, [](const fs::directory_entry& e) { std::error_code c; return e.is_directory(c); });
  if (class_dirs.empty())
    throw Error("folder.no_classes", {{"dir", dir}},
                "'" + dir + "' has no class folders: expected one sub-folder of images per class");
  if (class_dirs.size() == 1)
    throw Error("folder.one_class", {{"dir", dir}, {"class", class_dirs[0].filename().string()}},
                "'" + dir + "' has only one class ('" + class_dirs[0].filename().string() +
                    "'): a classifier needs at least two class folders");

  Dataset ds;
  ds.channels = channels;
  ds.height = height;
  ds.width = width;
  for (const fs::path& d : class_dirs) ds.classes.push_back(d.filename().string());

  for (size_t k = 0; k < class_dirs.size(); ++k) {
    const std::vector<fs::path> files =
        sorted_entries(class_dirs[k], [](const fs::directory_entry& e) { std::error_code c; return e.is_regular_file(c); });
    size_t usable = 0;
    for (const fs::path& f : files) {
      const std::string file = f.string();
      if (!is_image_file_name(f.filename().string())) {
        if (refusals) refusals->push_back({file, "not a .jpg/.jpeg/.png/.bmp/.gif file"});
        continue;
      }
      try {
        const std::vector<uint8_t> bytes = read_file(file);
        ds.add(decode_image(bytes.data(), bytes.size(), channels, height, width), static_cast<int>(k));
        ++usable;
      } catch (const Error& e) {
        if (refusals) refusals->push_back({file, e.what()});
      }
    }
    if (usable == 0)
      throw Error("folder.class_empty", {{"class", ds.classes[k]}, {"dir", class_dirs[k].string()}},
                  "class '" + ds.classes[k] + "' has no usable images (in '" + class_dirs[k].string() + "')");
  }
  return ds;
}

}  // namespace cnnlab
